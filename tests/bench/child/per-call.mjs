// Per-call overhead of a plain `agents.get` against the in-memory fetch:
// `node per-call.mjs ours|peer <pkgDir> <calls>`. Times each call on its own
// (after a warm-up of a tenth as many) and prints JSON { medianUs, p99Us, meanUs }.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { AGENT, memoryFetch, SERVER_URL } from "../lib/workload.mjs";

const [which, pkgDir, callsArg] = process.argv.slice(2);
const calls = Number(callsArg);
const fetch = memoryFetch();
let get;
if (which === "ours") {
  const { Mistral } = await import(pathToFileURL(join(pkgDir, "node.js")).href);
  const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch, retry: false });
  get = () => client.agents.get(AGENT.id);
} else {
  const { Mistral, HTTPClient } = await import("@mistralai/mistralai");
  const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, httpClient: new HTTPClient({ fetcher: fetch }), retryConfig: { strategy: "none" } });
  get = () => client.beta.agents.get({ agentId: AGENT.id });
}

const warm = Math.max(10, Math.floor(calls / 10));
for (let i = 0; i < warm; i++) await get();
const us = new Float64Array(calls);
for (let i = 0; i < calls; i++) {
  const t0 = performance.now();
  const agent = await get();
  us[i] = (performance.now() - t0) * 1000;
  if (agent.id !== AGENT.id) throw new Error(`wrong agent: ${agent.id}`);
}
if (fetch.calls !== warm + calls) throw new Error(`the injected fetch saw ${fetch.calls} calls, expected ${warm + calls}`);
us.sort();
const at = (q) => us[Math.min(calls - 1, Math.floor(q * calls))];
process.stdout.write(JSON.stringify({ calls, medianUs: at(0.5), p99Us: at(0.99), meanUs: us.reduce((a, b) => a + b, 0) / calls }) + "\n");
