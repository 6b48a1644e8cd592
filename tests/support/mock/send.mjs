// Writing answers: JSON bodies, Server-Sent Events, and the in-body faults
// (reset, truncation, drip, stall, malformed JSON) applied to either.
import { MockHttpError } from "./errors.mjs";

const JSON_TYPE = "application/json";

/** `event: <type>\ndata: <json>\n\n`, as in the docs' recorded stream. */
export function conversationFrame(event) {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** `data: <json>\n\n` (chat completions carry no `event:` line). */
export function dataFrame(data) {
  return `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** A frame whose JSON payload stops halfway (an event nobody can parse). */
function malformed(frame) {
  const at = frame.indexOf("data: ");
  const payload = frame.slice(at + 6).replace(/\n+$/, "");
  return `${frame.slice(0, at)}data: ${payload.slice(0, Math.max(1, Math.floor(payload.length / 2)))}\n\n`;
}

/** Sends a JSON body, honouring an in-body fault when one applies. */
export async function sendJson(ex, status, body, fault = null, headers = {}) {
  const text = JSON.stringify(body);
  if (!fault) {
    ex.writeHead(status, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(text), ...headers });
    ex.res.end(text);
    return;
  }
  const half = Math.floor(text.length / 2);
  switch (fault.kind) {
    case "reset_mid_stream":
      // A plain call has no stream to cut: the connection drops before any answer.
      ex.reset();
      return;
    case "truncate":
      ex.writeHead(status, { "content-type": JSON_TYPE, ...headers });
      await ex.write(text.slice(0, half));
      if (!ex.closed) ex.res.end();
      return;
    case "malformed_json":
      ex.writeHead(status, { "content-type": JSON_TYPE, ...headers });
      ex.res.end(`${text.slice(0, half)}<<not json>>${text.slice(half)}`);
      return;
    case "stall":
      ex.markStreaming();
      ex.writeHead(status, { "content-type": JSON_TYPE, ...headers });
      ex.res.flushHeaders();
      await ex.untilClosed();
      return;
    case "drip": {
      ex.markStreaming();
      ex.writeHead(status, { "content-type": JSON_TYPE, ...headers });
      ex.res.flushHeaders();
      const pieces = 4;
      const size = Math.ceil(text.length / pieces);
      for (let i = 0; i < text.length; i += size) {
        if (!(await ex.sleep(fault.delayMs))) return;
        if (!(await ex.write(text.slice(i, i + size)))) return;
      }
      ex.res.end();
      return;
    }
    default:
      throw new Error(`unhandled fault ${fault.kind}`);
  }
}

/** 204 (or another bodiless status). */
export function sendEmpty(ex, status = 204) {
  ex.writeHead(status);
  ex.res.end();
}

/** An error as JSON. */
export function sendError(ex, error) {
  const e = error instanceof MockHttpError ? error : new MockHttpError(500, "Internal mock error", { type: "internal_error" });
  const text = JSON.stringify(e.toJSON());
  ex.writeHead(e.status, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(text), ...e.headers });
  ex.res.end(text);
}

/**
 * Streams `frames` (already formatted) as `text/event-stream`, applying an
 * in-body fault, `paceMs` apart. The stream ends by closing the response body.
 */
export async function sendStream(ex, frames, fault = null, paceMs = 0) {
  ex.markStreaming();
  ex.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  ex.res.flushHeaders();
  const kind = fault?.kind;
  const middle = Math.max(1, Math.floor(frames.length / 2));
  if (kind === "malformed_json") {
    const at = Math.min(Math.max(1, fault.after ?? middle), frames.length - 1);
    frames = [...frames.slice(0, at), malformed(frames[at]), ...frames.slice(at)];
  }
  const cut = kind === "reset_mid_stream" ? fault.after ?? 2 : kind === "truncate" ? Math.min(fault.after ?? middle, frames.length - 1) : Infinity;
  for (let i = 0; i < frames.length; i++) {
    if (i === cut) {
      if (kind === "reset_mid_stream") {
        // Linger first: a browser that sees the reset before it has read the
        // bytes already received may drop them, and the point of this fault
        // is that the events before the cut were delivered.
        if (await ex.sleep(fault.delayMs)) ex.reset();
        return;
      }
      // truncate: half an event, then a clean end of the body.
      await ex.write(frames[i].slice(0, Math.floor(frames[i].length / 2)));
      if (!ex.closed) ex.res.end();
      return;
    }
    if (kind === "drip" && !(await ex.sleep(fault.delayMs))) return;
    if (paceMs > 0 && i > 0 && kind !== "drip" && !(await ex.sleep(paceMs))) return;
    if (!(await ex.write(frames[i]))) return;
    if (kind === "stall") {
      await ex.untilClosed();
      return;
    }
  }
  if (kind === "reset_mid_stream" && cut >= frames.length) {
    if (await ex.sleep(fault.delayMs)) ex.reset();
    return;
  }
  if (!ex.closed) ex.res.end();
}
