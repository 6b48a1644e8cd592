#!/usr/bin/env bash
# Sizes of what `make package` built: the release .wasm before and after
# `wasm-opt -Oz` (raw and gzip -9) and the npm tarball (files, bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
pre=target/size/pre-opt.wasm
post=pkg/web/mistral_edge_bg.wasm
if [ ! -f "$pre" ] || [ ! -f "$post" ]; then
  echo "size: run \`make package\` first" >&2
  exit 1
fi
row() { printf '%-22s %9d bytes raw %9d bytes gzip -9\n' "$1" "$(stat -c %s "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
row "release .wasm" "$pre"
row "after wasm-opt -Oz" "$post"
(cd pkg && npm pack --dry-run --json 2>/dev/null) |
  node -e 'const [p] = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(`npm tarball            ${p.entryCount} files, ${p.size} bytes packed, ${p.unpackedSize} bytes unpacked`)'
