// What every case receives: the package's exports, where the mock is, the
// assert, and helpers that talk to the mock's `/_mock/*` routes with the
// runtime's own global `fetch` (so they work in Node, a page and workerd).

import { assert, show } from "./assert.mjs";

/** The key every case uses; cases prove it never shows up in an error. */
export const API_KEY = "sk-e2e-0123456789abcdef-SECRET";

import { runCase, sleep, watchUnhandled } from "./harness.mjs";

export { runCase, sleep };

/** Text of a message's content: a string, or content chunks with `text`. */
export function textOf(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c?.text === "string" ? c.text : "")).join("");
  return "";
}

/** Every event of a stream, read with `for await`. */
export async function collect(stream) {
  const events = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Every value of a ReadableStream, read with a reader. */
export async function drain(readable) {
  const reader = readable.getReader();
  const values = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return values;
    values.push(value);
  }
}

/** The message text a conversation stream's deltas add up to. */
export function deltaText(events) {
  return events.filter((e) => e.type === "message.output.delta").map((e) => textOf(e.content)).join("");
}

/** The text a chat completion stream's chunks add up to. */
export function chunkText(chunks) {
  return chunks.map((c) => textOf(c?.choices?.[0]?.delta?.content ?? "")).join("");
}

let faultSeq = 0;


/**
 * @param {{ lib: object, serverURL: string, closedURL: string, runtime: string, ignoreUnhandled?: (reason: unknown) => boolean }} options
 *   `ignoreUnhandled`: a platform's own unhandled rejections that no JS code can prevent.
 */
export function makeContext({ lib, serverURL, closedURL, runtime, ignoreUnhandled = () => false }) {
  watchUnhandled();
  const base = serverURL.replace(/\/+$/, "");

  async function mockJson(method, path) {
    const res = await fetch(`${base}${path}`, { method });
    if (!res.ok) throw new Error(`mock ${method} ${path} answered ${res.status}`);
    return res.json();
  }

  const mock = {
    /** `{ openStreams, requests, countsByKey, scripts, functionResults }` */
    stats: () => mockJson("GET", "/_mock/stats"),
    /** Forgets every agent, conversation, connector, fault counter and request record. */
    reset: () => mockJson("POST", "/_mock/reset"),
    /** How many streams the mock holds open now (a case's baseline, so a leak elsewhere is not blamed on it). */
    openStreams: async () => (await mock.stats()).openStreams,
    /** Polls until the mock holds at most `n` open streams; fails after `timeoutMs`. */
    async waitForOpenStreams(n = 0, timeoutMs = 5000, message = "open streams on the mock") {
      const deadline = Date.now() + timeoutMs;
      let last;
      for (;;) {
        last = (await mock.stats()).openStreams;
        if (last <= n) return;
        if (Date.now() > deadline) assert.fail(`${message}: still ${last} after ${timeoutMs} ms (want ${n})`);
        await sleep(25);
      }
    },
  };

  /**
   * Queues scripted model turns under `key` (`POST /_mock/script`, see
   * tests/support/mock/scripted-model.mjs); conversations started with the
   * header `x-mock-script: key` play them. Resolves to the mock's answer.
   */
  async function script(key, turns) {
    const res = await fetch(`${base}/_mock/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, turns }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`mock POST /_mock/script answered ${res.status}: ${text}`);
    return JSON.parse(text);
  }

  return {
    lib,
    serverURL: base,
    script,
    closedURL,
    runtime,
    ignoreUnhandled,
    assert,
    show,
    mock,
    apiKey: API_KEY,
    sleep,
    textOf,
    collect,
    drain,
    deltaText,
    chunkText,
    /** A client on the mock with retries off unless `options` says otherwise. */
    client(options = {}) {
      return new lib.Mistral({ apiKey: API_KEY, serverURL: base, retry: false, ...options });
    },
    /** Headers asking the mock for a fault, on a key no other request shares. */
    fault(spec) {
      const key = `${runtime}-${++faultSeq}-${Math.random().toString(36).slice(2, 8)}`;
      return { key, headers: { "x-mock-fault": `${spec}&key=${key}` } };
    },
  };
}

