// Size: what a user ships. Ours is the package's runtime files (wasm + JS
// glue + the entry and error modules, no .d.ts or docs); the peer is an
// esbuild bundle (--bundle --minify --format=esm --platform=browser) of its
// `Mistral` class and of its best case (`MistralCore` + the three standalone
// functions), each measured raw, gzip -9 and brotli (max quality).

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PEER_BUNDLE_OPTIONS } from "./lib/peer-bundle.mjs";

const PEER = "@mistralai/mistralai";

/** The peer's best case for the three operations the issue names (paths checked in its package exports). */
const BEST_CASE = `
import { MistralCore } from "${PEER}/core.js";
import { betaConversationsStartStream } from "${PEER}/funcs/betaConversationsStartStream.js";
import { betaAgentsCreate } from "${PEER}/funcs/betaAgentsCreate.js";
import { betaConnectorsList } from "${PEER}/funcs/betaConnectorsList.js";
export { MistralCore, betaConversationsStartStream, betaAgentsCreate, betaConnectorsList };
`;

const DEFAULT_IMPORT = `
import { Mistral } from "${PEER}";
export { Mistral };
`;

function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

function sum(parts) {
  return parts.reduce((a, p) => ({ raw: a.raw + p.raw, gzip: a.gzip + p.gzip, brotli: a.brotli + p.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

async function bundle(name, source, { root, workDir }) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, sourcefile: `${name}.mjs`, loader: "js" },
    ...PEER_BUNDLE_OPTIONS,
    write: false,
    legalComments: "none",
  });
  const bytes = result.outputFiles[0].contents;
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, `peer-${name}.bundle.js`), bytes);
  return measure(bytes);
}

/**
 * Our files as shipped: every runtime file of the package's `files` list
 * that the browser entry loads (each file compressed on its own, as a CDN
 * serves them; the total is the sum).
 */
async function ours(pkgDir) {
  const pkg = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
  const { readdir } = await import("node:fs/promises");
  const files = [];
  async function walk(dir) {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) await walk(p);
      else if (/\.(js|wasm)$/.test(d.name)) files.push(p);
    }
  }
  await walk(join(pkgDir, "web"));
  const entries = ["browser.js", "errors.js"].filter((f) => pkg.files.includes(f)).map((f) => join(pkgDir, f));
  const parts = [];
  for (const f of [...entries, ...files]) {
    const rel = relative(pkgDir, f);
    // Only files the package publishes (its `files` list) count.
    if (!pkg.files.some((g) => rel === g || (g.endsWith("/") && rel.startsWith(g)))) continue;
    parts.push({ file: rel, ...measure(await readFile(f)) });
  }
  const wasm = parts.filter((p) => p.file.endsWith(".wasm"));
  const js = parts.filter((p) => !p.file.endsWith(".wasm"));
  return { files: parts, wasm: sum(wasm), js: sum(js), total: sum(parts) };
}

export async function measureSize({ root, pkgDir, workDir }) {
  return {
    ours: await ours(pkgDir),
    peerDefault: await bundle("default", DEFAULT_IMPORT, { root, workDir }),
    peerBest: await bundle("best-case", BEST_CASE, { root, workDir }),
  };
}

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];

/** Where the wasm bytes go, by section (custom sections by name): the first cut of a size profile. */
export async function wasmSections(file) {
  const bytes = await readFile(file);
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const [len, s] = leb(bytes, body);
      name = `custom "${new TextDecoder().decode(bytes.subarray(s, s + len))}"`;
    }
    out.push({ name, bytes: size });
    at = body + size;
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
