// The streaming throughput measurement, run the same way in Node and in
// Chromium: each consumer reads the same in-memory byte stream with
// `for await` and the run's events/s and MB/s come from the wall time of
// the whole stream (request built, response read, every event delivered).
// Browser-safe: the SDK classes are passed in, nothing is imported but the
// workload and the stats helpers.

import { median } from "./stats.mjs";
import { chunkings, conversationEvents, encodeFrames, memoryFetch, SERVER_URL, STREAM_BODY, streamOf } from "./workload.mjs";

/** The floor any JS SDK pays: decode, split lines, JSON.parse each `data:` line, no validation. */
async function floorConsume(chunks) {
  const res = new Response(streamOf(chunks));
  const decoder = new TextDecoder();
  let rest = "";
  let count = 0;
  let check = 0;
  for await (const chunk of res.body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    rest = lines.pop();
    for (const line of lines) {
      if (line.startsWith("data:")) {
        const e = JSON.parse(line.slice(5));
        check += e.type.length;
        count += 1;
      }
    }
  }
  return { count, check };
}

/** Builds the three consumers over the same chunks: each returns how many events it saw. */
export function consumers({ Ours, Peer, HTTPClient }) {
  let chunks = [];
  const oursFetch = memoryFetch({ stream: () => chunks });
  const peerFetch = memoryFetch({ stream: () => chunks });
  const ours = new Ours({ apiKey: "sk-bench", serverURL: SERVER_URL, fetch: oursFetch, retry: false });
  // The peer takes an injected fetch through its HTTPClient (its documented way).
  const peer = new Peer({ apiKey: "sk-bench", serverURL: SERVER_URL, httpClient: new HTTPClient({ fetcher: peerFetch }), retryConfig: { strategy: "none" } });
  return {
    setChunks(c) {
      chunks = c;
    },
    fetches: { ours: oursFetch, peer: peerFetch },
    async ours() {
      const stream = await ours.conversations.startStream(STREAM_BODY);
      let count = 0;
      for await (const event of stream) if (event.type) count += 1;
      return count;
    },
    async peer() {
      const stream = await peer.beta.conversations.startStream(STREAM_BODY);
      let count = 0;
      for await (const event of stream) if (event.data.type) count += 1;
      return count;
    },
    async floor() {
      return (await floorConsume(chunks)).count;
    },
  };
}

/**
 * Runs every consumer over `n` events in both chunkings, `runs` timed runs
 * each after one warm-up run, interleaved so drift hits all alike.
 * Returns rows { chunking, consumer, eventsPerSec, mbPerSec, runsMs }.
 */
export async function measureThroughput({ Ours, Peer, HTTPClient, n, runs, log = () => {} }) {
  const events = conversationEvents(n);
  const { perEvent, fixed, bytes } = chunkings(encodeFrames(events));
  const c = consumers({ Ours, Peer, HTTPClient });
  const rows = [];
  for (const [chunking, chunks] of [["16 KiB chunks", fixed], ["one chunk per event", perEvent]]) {
    c.setChunks(chunks);
    const times = { ours: [], peer: [], floor: [] };
    for (let r = -1; r < runs; r++) {
      for (const name of ["floor", "ours", "peer"]) {
        const t0 = performance.now();
        const count = await c[name]();
        const ms = performance.now() - t0;
        if (count !== n) throw new Error(`${name} saw ${count} events of ${n} (${chunking})`);
        if (r >= 0) times[name].push(ms);
      }
      log(`throughput ${chunking} run ${r + 1}/${runs}`);
    }
    for (const name of ["ours", "peer", "floor"]) {
      const ms = median(times[name]);
      rows.push({ chunking, consumer: name, eventsPerSec: n / (ms / 1000), mbPerSec: bytes / 1e6 / (ms / 1000), medianMs: ms, runsMs: times[name] });
    }
  }
  if (c.fetches.ours.calls === 0 || c.fetches.peer.calls === 0) throw new Error("an SDK did not use the injected fetch");
  return { n, bytes, runs, rows };
}
