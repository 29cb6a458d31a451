# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and the tests need: the three C libraries, and the real clients the tests use.
DEBIAN_PACKAGES := libssl-dev libsqlite3-dev libnghttp2-dev pkg-config nghttp2-client curl sqlite3 python3 python3-venv \
	testssl.sh
DEMO_DIR ?= demo

.PHONY: deps python-deps bench-deps build release demo demo-reset test lint format fuzz

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

# What the benchmarks compare against and drive (Docs/benchmarks.md): nginx, h2load.
bench-deps: deps
	@missing=""; for p in nginx nghttp2-client; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Until the demo federation exists (issue #7): one member node with its portal on http://127.0.0.1:8080/.
demo: release
	@[ -f $(DEMO_DIR)/gcscp.conf ] || .build/release/gcscp init --class member --code KEN --name Kenya \
		--portal 127.0.0.1:8080 --plain-portal --dir $(DEMO_DIR)
	.build/release/gcscp serve --dir $(DEMO_DIR)

demo-reset:
	rm -rf $(DEMO_DIR)

test: deps python-deps
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# Fuzzes the HTTP/1.1 request parser (Docs/fuzzing.md). A separate scratch path keeps the instrumented
# build away from .build/release. `--sanitize fuzzer` makes SwiftPM link libFuzzer's main; the compiler
# flag names both sanitizers in one option, since with two -sanitize options the compiler keeps the last.
# The first byte of each input chooses how the rest is split when fed.
FUZZ_RUNS ?= 1000000
FUZZ_DIR := .build/fuzz
fuzz: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_DIR) --product http1-fuzz \
		--sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	printf '\x01GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n' > $(FUZZ_DIR)/corpus/get
	printf '\x05POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' > $(FUZZ_DIR)/corpus/post
	printf '\x03POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nT: v\r\n\r\n' \
		> $(FUZZ_DIR)/corpus/chunked
	printf '\x07GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		> $(FUZZ_DIR)/corpus/pipelined
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/release/http1-fuzz -runs=$(FUZZ_RUNS) \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus
