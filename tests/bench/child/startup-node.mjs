// One fresh-process start-up sample: `node startup-node.mjs ours|peer <pkgDir>`.
// Prints JSON { requestBuiltMs, firstResponseMs } measured with
// performance.now(), whose origin is this process's start, so the figures
// cover Node's own boot too (the same for both SDKs) plus import, wasm
// instantiation, `new Mistral()` and one `conversations.start` reaching the
// in-memory fetch (request built) and resolving (first response).
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [which, pkgDir] = process.argv.slice(2);
const { memoryFetch, SERVER_URL, STREAM_BODY } = await import("../lib/workload.mjs");
const inner = memoryFetch();
let requestBuiltMs = null;
const fetch = (input, init) => {
  requestBuiltMs ??= performance.now();
  return inner(input, init);
};

const t0 = performance.now();
let result;
if (which === "ours") {
  const { Mistral } = await import(pathToFileURL(join(pkgDir, "node.js")).href);
  const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch, retry: false });
  result = await client.conversations.start(STREAM_BODY);
} else {
  const { Mistral, HTTPClient } = await import("@mistralai/mistralai");
  const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, httpClient: new HTTPClient({ fetcher: fetch }), retryConfig: { strategy: "none" } });
  result = await client.beta.conversations.start(STREAM_BODY);
}
const firstResponseMs = performance.now();
const id = result.conversation_id ?? result.conversationId;
if (!id) throw new Error("no conversation id in the first response");
process.stdout.write(JSON.stringify({ bootMs: t0, requestBuiltMs, firstResponseMs }) + "\n");
