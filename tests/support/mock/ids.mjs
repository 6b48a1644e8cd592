// Identifiers and timestamps shaped like the real API's, so clients that
// sort, display or pattern-match them meet realistic values.
import { randomBytes, randomUUID } from "node:crypto";

let lastMicros = 0;

/**
 * An RFC 3339 UTC timestamp with microseconds, strictly increasing within
 * the process, so "sorted by creation time" is well defined even for
 * objects created in the same millisecond.
 */
export function timestamp() {
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  const ms = Math.floor(lastMicros / 1000);
  const micros = String(lastMicros % 1000).padStart(3, "0");
  return new Date(ms).toISOString().replace("Z", `${micros}Z`);
}

/** Unix seconds. */
export function unixSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * 32 hex digits, time-ordered like the API's ids (`conv_067f2a98c1a7...`):
 * a 48-bit millisecond clock, then randomness.
 */
function timeOrderedHex() {
  return Date.now().toString(16).padStart(12, "0") + randomBytes(10).toString("hex");
}

/** `conv_...`, `ag_...`, `msg_...`, `fc_...`, `tool_exec_...`, `handoff_...`. */
export function prefixedId(prefix) {
  return `${prefix}_${timeOrderedHex()}`;
}

/** A UUID (connectors use them). */
export function uuid() {
  return randomUUID();
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A tool call id like the API's (`D681PevKs`): nine alphanumerics. */
export function toolCallId() {
  const bytes = randomBytes(9);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join("");
}

/** The id of a request, for `x-request-id`. */
export function requestId() {
  return randomBytes(16).toString("hex");
}

/** Crude token count (whitespace-separated words), never zero for text. */
export function countTokens(text) {
  const words = String(text ?? "").trim().split(/\s+/).filter(Boolean);
  return Math.max(1, words.length);
}
