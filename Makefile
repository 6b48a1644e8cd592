# The two commands: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
export WRANGLER_HIDE_BANNER := true
export CARGO_TERM_COLOR := never

.PHONY: setup test test-native test-wasm-node test-wasm-chrome test-js package size demo

setup:
	@scripts/setup.sh

test: setup
	$(MAKE) test-native
	$(MAKE) test-wasm-node
	$(MAKE) test-wasm-chrome
	$(MAKE) test-js
	$(MAKE) size
	@echo "make test: all suites passed"

# Host-only core: models, api, sse, retry without wasm-bindgen (plus doctests).
test-native:
	cargo test --no-default-features

# The HTTP layer in Node and in headless Chromium, against a local mock server.
test-wasm-node:
	node tests/support/run-wasm-tests.mjs node

test-wasm-chrome:
	node tests/support/run-wasm-tests.mjs chrome

test-js:
	node --test tests/js/

# The release build, then wasm-opt -Oz from npm's binaryen (pinned in package-lock.json).
package:
	wasm-pack build --release --target web --out-dir pkg/web --out-name mistral_edge
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
		-o pkg/web/mistral_edge_bg.opt.wasm pkg/web/mistral_edge_bg.wasm
	mv pkg/web/mistral_edge_bg.opt.wasm pkg/web/mistral_edge_bg.wasm

# Prints the release .wasm size before and after wasm-opt (raw and gzip -9).
size:
	@scripts/wasm-size.sh

demo: package
	@echo "built: $$(ls pkg/web)"
	@echo "(the demo page and its servers arrive with the demo issue; this builds the package)"
