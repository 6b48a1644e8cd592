#!/usr/bin/env bash
# Release .wasm size before and after `wasm-opt -Oz`, raw and gzip -9.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/size
mkdir -p "$out"
wasm-pack build --release --target web --out-dir "$out/pkg" --out-name mistral_edge >/dev/null 2>&1
raw="$out/pkg/mistral_edge_bg.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals -o "$out/opt.wasm" "$raw"
row() { printf '%-22s %9d bytes raw %9d bytes gzip -9\n' "$1" "$(stat -c %s "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
row "release .wasm" "$raw"
row "after wasm-opt -Oz" "$out/opt.wasm"
