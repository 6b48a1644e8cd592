// Memory of our SDK under load: `node --expose-gc memory.mjs <pkgDir> <events> <streamEvents> <calls>`.
// Streams `events` events in streams of `streamEvents` through
// conversations.startStream, then makes `calls` plain agents.get calls; after
// a warm-up (the first stream; the first tenth of the calls) and at the end
// of each phase it collects garbage and records the wasm linear memory
// (__wasmMemory().buffer.byteLength, which never shrinks: a high-water mark)
// and the JS heap in use. Prints JSON of the four samples, plus the wasm
// memory after each stream (to tell a plateau from a leak).
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { AGENT, chunkings, conversationEvents, encodeFrames, memoryFetch, SERVER_URL, STREAM_BODY } from "../lib/workload.mjs";

const [pkgDir, eventsArg, perStreamArg, callsArg, mode] = process.argv.slice(2);
// "gc-each": a forced GC after every stream, to tell memory that is only
// released when the stream's JS wrapper is collected from memory never released.
const gcEach = mode === "gc-each";
const total = Number(eventsArg);
const perStream = Number(perStreamArg);
const calls = Number(callsArg);
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const { Mistral, __wasmMemory } = await import(pathToFileURL(join(pkgDir, "node.js")).href);
const { fixed } = chunkings(encodeFrames(conversationEvents(perStream)));
const fetch = memoryFetch({ stream: () => fixed });
const client = new Mistral({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch, retry: false });

async function sample() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 0));
  }
  return { wasmBytes: __wasmMemory().buffer.byteLength, heapUsed: process.memoryUsage().heapUsed };
}

async function oneStream() {
  const stream = await client.conversations.startStream(STREAM_BODY);
  let n = 0;
  for await (const e of stream) if (e.type) n += 1;
  if (n !== perStream) throw new Error(`stream delivered ${n} of ${perStream} events`);
  if (gcEach) await sample();
  return n;
}

const out = { events: total, perStream, calls, gcEach, wasmAfterEachStream: [] };
let streamed = await oneStream();
out.wasmAfterEachStream.push(__wasmMemory().buffer.byteLength);
out.streamWarm = await sample();
while (streamed < total) {
  streamed += await oneStream();
  out.wasmAfterEachStream.push(__wasmMemory().buffer.byteLength);
}
out.streamEnd = await sample();
const warm = Math.floor(calls / 10);
for (let i = 0; i < warm; i++) await client.agents.get(AGENT.id);
out.callsWarm = await sample();
for (let i = warm; i < calls; i++) await client.agents.get(AGENT.id);
out.callsEnd = await sample();
out.streamed = streamed;
process.stdout.write(JSON.stringify(out) + "\n");
