# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and the tests need: the three C libraries, and the real clients the tests use.
DEBIAN_PACKAGES := libssl-dev libsqlite3-dev libnghttp2-dev pkg-config nghttp2-client curl sqlite3 python3 python3-venv
DEMO_DIR ?= demo

.PHONY: deps python-deps build release demo demo-reset test lint format

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Python parsers the tests check the node's output with (real parsers, written by others), pinned in
# Tests/python/requirements.txt. The venv is rebuilt whenever that file changes.
python-deps: .venv/requirements.stamp

.venv/requirements.stamp: Tests/python/requirements.txt
	rm -rf .venv
	python3 -m venv .venv
	.venv/bin/python -m pip install -q --no-deps -r Tests/python/requirements.txt
	.venv/bin/python -c 'import icalendar, vobject'
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	.build/release/gcscp demo --dir $(DEMO_DIR)

demo-reset:
	rm -rf $(DEMO_DIR)

test: deps python-deps
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests
