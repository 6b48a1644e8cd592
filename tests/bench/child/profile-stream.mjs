// Where our streaming time goes: `node profile-stream.mjs <pkgDir> <events>`
// consumes one stream (16 KiB chunks) through conversations.startStream
// under the V8 CPU profiler and prints JSON { top: [{ name, where, selfMs,
// share }], byArea: { wasm, glue, node, idle, other }, owners: wasm self time
// by crate/module (lib/owner.mjs) } (self time, the stream's
// own time only; one warm-up stream first).
import { Session } from "node:inspector/promises";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { ownerOf } from "../lib/owner.mjs";
import { chunkings, conversationEvents, encodeFrames, memoryFetch, SERVER_URL, STREAM_BODY } from "../lib/workload.mjs";

const [pkgDir, eventsArg] = process.argv.slice(2);
const n = Number(eventsArg);
const { Mistral } = await import(pathToFileURL(join(pkgDir, "node.js")).href);
const { fixed } = chunkings(encodeFrames(conversationEvents(n)));
const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch: memoryFetch({ stream: () => fixed }), retry: false });

async function consume() {
  let count = 0;
  for await (const e of await client.conversations.startStream(STREAM_BODY)) if (e.type) count += 1;
  if (count !== n) throw new Error(`saw ${count} of ${n} events`);
}

await consume();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
await consume();
const { profile } = await session.post("Profiler.stop");
session.disconnect();

// Self time per node: samples x the mean interval.
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const totalMs = (profile.endTime - profile.startTime) / 1000;
const perSample = totalMs / profile.samples.length;
const byFn = new Map();
const byOwner = new Map();
const byArea = { wasm: 0, glue: 0, node: 0, idle: 0, other: 0 };
for (const node of profile.nodes) {
  const ms = (counts.get(node.id) ?? 0) * perSample;
  if (!ms) continue;
  const { functionName, url } = node.callFrame;
  const file = url.split("/").pop() || "";
  const area = url.startsWith("wasm://") ? "wasm" : url.includes("mistral_edge") || url.includes("/snippets/") ? "glue" : url.startsWith("node:") || url === "" && /^\(.*\)$/.test(functionName) === false ? "node" : ["(idle)", "(program)", "(garbage collector)"].includes(functionName) ? "idle" : "other";
  const key = `${functionName || "(anonymous)"}\u0000${file}`;
  byFn.set(key, (byFn.get(key) ?? 0) + ms);
  byArea[area] += ms;
  if (area === "wasm") {
    const owner = ownerOf(functionName) ?? "(unnamed or other wasm)";
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  }
}
const top = [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, ms]) => {
  const [name, where] = k.split("\u0000");
  return { name: name.length > 90 ? `${name.slice(0, 87)}...` : name, where, selfMs: ms, share: ms / totalMs };
});
const owners = [...byOwner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([owner, ms]) => ({ owner, selfMs: ms, share: ms / totalMs }));
process.stdout.write(JSON.stringify({ events: n, totalMs, top, byArea, owners }) + "\n");
