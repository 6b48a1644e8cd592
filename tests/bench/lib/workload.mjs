// The synthetic Mistral API that both SDKs are driven through: a recorded-
// shape conversation stream (the event shapes of
// ../shared/fixtures/mistral/docs-streaming-example.sse and of the mock's
// scripted model) and the JSON bodies of a few plain calls, served by an
// in-memory `fetch` so no socket, server or scheduler noise is in the loop.
// Browser-safe (no Node imports): Chromium loads this file as it is.

const CONV_ID = "conv_067f2a98c1a773678000ce73a36b785a";
const AGENT_ID = "ag_067f2a39ddd67bf68000fa921bc0c25d";
const MODEL = "mistral-medium-latest";

// Token-sized pieces of prose, as the API streams them (1 to ~12 chars).
const WORDS = (
  "The last European Football Championship was held in Germany in 2024 and Spain won it by beating " +
  "England two goals to one in the final in Berlin , with goals from Nico Williams and Mikel Oyarzabal . " +
  "Here is a summary of the tournament : the group stage , the knockout rounds , notable players and records ."
).split(" ");

/**
 * The events of one long response: blocks of message deltas (30 tokens),
 * a built-in tool run (started + done), and a function call whose JSON
 * arguments arrive in 6 deltas, then a final `conversation.response.done`
 * with usage. Exactly `n` events (n >= 2).
 */
export function conversationEvents(n) {
  const events = [{ type: "conversation.response.started", conversation_id: CONV_ID }];
  let output = 0;
  let word = 0;
  let block = 0;
  const room = () => n - 1 - events.length;
  while (room() > 0) {
    const kind = block % 3;
    block += 1;
    if (kind === 0) {
      const id = `msg_${hex(output)}`;
      for (let i = 0; i < 30 && room() > 0; i++, word++) {
        const w = WORDS[word % WORDS.length];
        events.push({ type: "message.output.delta", output_index: output, id, content_index: 0, model: MODEL, agent_id: AGENT_ID, role: "assistant", content: word % 7 === 0 ? w : ` ${w}` });
      }
    } else if (kind === 1) {
      const id = `tool_exec_${hex(output)}`;
      events.push({ type: "tool.execution.started", output_index: output, id, name: "web_search", arguments: '{"query":"euro 2024 winner"}' });
      if (room() > 0) events.push({ type: "tool.execution.done", output_index: output, id, name: "web_search", info: {} });
    } else {
      const id = `fc_${hex(output)}`;
      const args = JSON.stringify({ city: "Berlin", units: "metric", days: 3, include: ["wind", "rain"] });
      const size = Math.ceil(args.length / 6);
      for (let at = 0; at < args.length && room() > 0; at += size) {
        events.push({ type: "function.call.delta", output_index: output, id, model: MODEL, agent_id: AGENT_ID, name: "get_weather", tool_call_id: `call_${hex(output)}`, arguments: args.slice(at, at + size) });
      }
    }
    output += 1;
  }
  events.push({ type: "conversation.response.done", usage: { prompt_tokens: 18709, completion_tokens: n, total_tokens: 18709 + n } });
  return events;
}

function hex(i) {
  return (0x067f2a9925d674ea8000e63c68ae0000n + BigInt(i)).toString(16).padStart(32, "0");
}

/** The SSE frames of the events, each `event: <type>\ndata: <json>\n\n`, UTF-8 encoded. */
export function encodeFrames(events) {
  const enc = new TextEncoder();
  return events.map((e) => enc.encode(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
}

/**
 * The same bytes cut two ways: `perEvent` (one chunk per frame) and `fixed`
 * (16 KiB chunks that split frames anywhere, as a socket would).
 */
export function chunkings(frames, size = 16 * 1024) {
  const total = frames.reduce((s, f) => s + f.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const f of frames) {
    all.set(f, at);
    at += f.length;
  }
  const fixed = [];
  for (let i = 0; i < total; i += size) fixed.push(all.subarray(i, Math.min(total, i + size)));
  return { perEvent: frames, fixed, bytes: total };
}

/** A fresh ReadableStream over prepared chunks (one enqueue per pull, like a socket). */
export function streamOf(chunks) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  }, { highWaterMark: 0 });
}

export const AGENT = {
  object: "agent",
  id: AGENT_ID,
  name: "bench-agent",
  model: "mistral-medium-latest",
  description: "An agent for the benchmark",
  instructions: "Answer briefly.",
  tools: [{ type: "web_search" }, { type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
  completion_args: { temperature: 0.3 },
  handoffs: null,
  metadata: {},
  version: 3,
  versions: [1, 2, 3],
  created_at: "2026-01-02T03:04:05.000Z",
  updated_at: "2026-01-02T03:04:06.000Z",
  deployment_chat: false,
  source: "api",
};

export const CONVERSATION = {
  object: "conversation.response",
  conversation_id: CONV_ID,
  outputs: [{ object: "entry", type: "message.output", id: "msg_0001", model: MODEL, role: "assistant", content: "Hello! What can I do for you?", created_at: "2026-01-02T03:04:05.000Z", completed_at: "2026-01-02T03:04:05.500Z" }],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
};

const JSON_HEADERS = { "content-type": "application/json", "x-request-id": "req_bench" };

/**
 * The injected `fetch`: routes by method and path, whatever form the SDK
 * passes (URL string, URL, or Request). `stream()` supplies the chunks of
 * each streaming answer. Counts requests so a run can prove it used it.
 */
export function memoryFetch({ stream } = {}) {
  const f = async (input, init) => {
    f.calls += 1;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET")).toUpperCase();
    const path = new URL(url).pathname;
    if (method === "POST" && path === "/v1/conversations") {
      const body = init?.body ?? (typeof input === "object" && "text" in input ? await input.text() : "");
      const text = typeof body === "string" ? body : await new Response(body).text();
      if (JSON.parse(text).stream) {
        return new Response(streamOf(stream()), { status: 200, headers: { "content-type": "text/event-stream", "x-request-id": "req_bench" } });
      }
      return new Response(JSON.stringify(CONVERSATION), { status: 200, headers: JSON_HEADERS });
    }
    if (method === "GET" && path.startsWith("/v1/agents/")) {
      return new Response(JSON.stringify(AGENT), { status: 200, headers: JSON_HEADERS });
    }
    return new Response(JSON.stringify({ message: `no route ${method} ${path}` }), { status: 404, headers: JSON_HEADERS });
  };
  f.calls = 0;
  return f;
}

export const SERVER_URL = "https://api.bench.invalid";
export const STREAM_BODY = { model: MODEL, inputs: "Who won the last European Football Championship?" };
