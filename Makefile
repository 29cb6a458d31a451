# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and the tests need: the three C libraries, and the real clients the tests use.
DEBIAN_PACKAGES := libssl-dev libsqlite3-dev libnghttp2-dev pkg-config nghttp2-client curl sqlite3
DEMO_DIR ?= demo

.PHONY: deps python-deps build release demo demo-reset test lint format

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Python parsers the tests check the iCalendar and vCard output with (real parsers, written by others).
PYTHON_PACKAGES := icalendar==7.3.0 vobject==0.9.9

python-deps:
	@if ! .venv/bin/python -c 'import icalendar, vobject' >/dev/null 2>&1 \
		|| [ "$$(.venv/bin/python -m pip freeze 2>/dev/null | grep -ciE '^(icalendar==7.3.0|vobject==0.9.9)$$')" != 2 ]; then \
		python3 -m venv .venv && .venv/bin/python -m pip install -q $(PYTHON_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	.build/release/gcscp demo --dir $(DEMO_DIR)

demo-reset:
	rm -rf $(DEMO_DIR)

test: deps python-deps
	$(SWIFT) build -c release --product gcscp
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests
