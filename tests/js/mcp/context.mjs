// What every MCP case receives, in Node, a page and workerd alike: the
// package's exports, the URLs of the MCP servers the runner started, the
// e2e assert, and helpers built on the runtime's own global `fetch` (a
// spying fetch to inject into a client, base64 and gzip helpers). Nothing
// here imports a Node module.

import { assert, show } from "../e2e/assert.mjs";

/** The bearer token cases pass through `auth`; they prove it never shows up in an error. */
export const TOKEN = "mcp-e2e-token-0123456789-SECRET";

import { runCase, sleep, watchUnhandled } from "../e2e/harness.mjs";

export { runCase, sleep };


/** The bytes of a base64 string. */
export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of a UTF-8 string. */
export function toBase64(text) {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The text a gzip member holds, through the runtime's DecompressionStream. */
export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

/** The body of a fetch `init` as text, when it is a string or bytes (undefined for a stream). */
function bodyText(body) {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  return undefined;
}

/**
 * The same response with a body that notes when the client lets go of it
 * (cancels the body or aborts the fetch): `record.released()` tells. And
 * `record.drop()` ends the stream for the client as a server going away
 * would (the connection underneath is closed too).
 */
function trackStream(record, response, signal) {
  const reader = response.body.getReader();
  let cancelled = false;
  let ended = false;
  let control;
  const finish = (how) => {
    if (ended) return;
    ended = true;
    try {
      how();
    } catch {
      // Already closed or errored by the reader's own end.
    }
  };
  const body = new ReadableStream({
    start(controller) {
      control = controller;
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) finish(() => controller.close());
        else if (!ended) controller.enqueue(value);
      } catch (error) {
        finish(() => controller.error(error));
      }
    },
    cancel(reason) {
      cancelled = true;
      ended = true;
      return reader.cancel(reason).catch(() => {});
    },
  });
  record.released = () => cancelled || ended || signal?.aborted === true;
  record.drop = () => {
    finish(() => control.close());
    reader.cancel().catch(() => {});
  };
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A `fetch` to inject into a client that records every request (method,
 * URL, lowercase headers, JSON-RPC body) and the session ids the server
 * hands out, and can rewrite a response (`rewrite(request, response)`
 * returns a Response or undefined to keep the original).
 */
export function spyFetch({ rewrite } = {}) {
  const requests = [];
  const sessions = [];
  let clock = 0;
  async function fetchSpy(input, init = {}) {
    const req = input instanceof Request ? input : undefined;
    const url = req ? req.url : String(input);
    const method = (init.method ?? req?.method ?? "GET").toUpperCase();
    const headers = {};
    new Headers(init.headers ?? req?.headers ?? {}).forEach((value, name) => {
      headers[name] = value;
    });
    const text = bodyText(init.body);
    let json;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    // `sentAt` / `answeredAt` order requests and responses on one counter: a later request with a
    // `sentAt` below an earlier one's `answeredAt` was sent before that one was answered.
    const record = { method, url, headers, text, body: json, status: undefined, sentAt: ++clock, answeredAt: undefined };
    requests.push(record);
    let response = await globalThis.fetch(input, init);
    record.status = response.status;
    record.answeredAt = ++clock;
    const id = response.headers.get("mcp-session-id");
    if (id && !sessions.includes(id)) sessions.push(id);
    if (rewrite) response = (await rewrite(record, response)) ?? response;
    if (method === "GET" && response.body && /text\/event-stream/.test(response.headers.get("content-type") ?? "")) {
      response = trackStream(record, response, init.signal ?? req?.signal);
    }
    return response;
  }
  return {
    fetch: fetchSpy,
    requests,
    sessions,
    /** The GET requests answered with an event stream (each with `released()`). */
    streams: () => requests.filter((r) => typeof r.released === "function"),
    /** The JSON-RPC messages the client POSTed (batches flattened). */
    messages: () => requests.filter((r) => r.method === "POST" && r.body).flatMap((r) => (Array.isArray(r.body) ? r.body : [r.body])),
  };
}

/** Everything an error exposes as text: message, toString, stack, own properties, causes. */
export function errorText(error) {
  const parts = [];
  for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    parts.push(String(e), String(e?.message), String(e?.stack));
    try {
      parts.push(JSON.stringify(e, Object.getOwnPropertyNames(e)));
    } catch {
      parts.push(show(e));
    }
    for (const key of Object.keys(e)) parts.push(show(e[key]));
  }
  return parts.join("\n");
}

/**
 * @param {{ lib: object, servers: { streamable: string, sse: string, modern: string }, closedURL: string,
 *           runtime: string, ignoreUnhandled?: (reason: unknown) => boolean }} options
 *   `servers`: the MCP endpoint of server-everything over Streamable HTTP, its 2024-11-05 SSE URL, and the
 *   2026-07-28 server's endpoint (behind a CORS proxy in a browser).
 */
export function makeContext({ lib, servers, closedURL, runtime, ignoreUnhandled = () => false }) {
  watchUnhandled();

  /** A client on one of the servers ("streamable" | "sse" | "modern"), not connected yet. */
  function client(server, options = {}) {
    const url = servers[server];
    if (!url) throw new Error(`no MCP server named ${server}`);
    return new lib.McpClient({ url, timeoutMs: 20000, clientInfo: { name: `mcp-e2e-${runtime}`, version: "1.0.0" }, ...options });
  }

  /** Connects a client, runs `body(client)`, and closes the client whatever happens. */
  async function withClient(server, options, body) {
    const c = client(server, options);
    try {
      await c.connect();
      return await body(c);
    } finally {
      await c.close().catch(() => {});
    }
  }

  /** Waits until `predicate()` is truthy, polling; fails with `message` after `timeoutMs`. */
  async function until(predicate, timeoutMs, message) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) assert.fail(`${message} (waited ${timeoutMs} ms)`);
      await sleep(25);
    }
  }

  return {
    lib,
    servers,
    closedURL,
    runtime,
    ignoreUnhandled,
    assert,
    show,
    sleep,
    token: TOKEN,
    fromBase64,
    toBase64,
    gunzip,
    spyFetch,
    errorText,
    client,
    withClient,
    until,
  };
}

