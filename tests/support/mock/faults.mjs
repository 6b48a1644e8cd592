// Fault injection, driven by the request header
// `x-mock-fault: kind=rate_limit&times=1&retry_after=1&key=abc`
// (URL-encoded form). `times=N` limits the fault to the first N requests
// carrying the same `key` (one counter per key), so a test can prove that a
// retry succeeds; without `times` the fault applies to every request.
//
// kind             effect                                              parameters
// rate_limit       429 + Retry-After, JSON body                        retry_after (s, default 1)
// server_error     5xx with a JSON body                                status (default 500)
// html_error       502 (or status) with an HTML page                   status
// slow_headers     waits, then answers normally                        delay_ms (default 1000)
// reset_mid_stream N events, a pause, then the socket is destroyed;    after (default 2), delay_ms (pause, default 100)
//                  a plain call loses its connection before any byte
// truncate         stream: N events then half an event and a clean     after (default: half the events)
//                  end of body; plain: half the JSON
// drip             every event (or a quarter of a JSON body) after      delay_ms (default 100)
//                  delay_ms
// stall            headers and the first event, then nothing until
//                  the client goes away (plain: headers only)
// malformed_json   one extra event with cut JSON in the middle          after (insert position, default: middle)
//                  (plain: a body that is not JSON)

/** Faults answered instead of the operation (before auth and validation). */
export const PRE_RESPONSE = new Set(["rate_limit", "server_error", "html_error", "slow_headers"]);
/** Faults applied while sending the operation's body. */
export const IN_BODY = new Set(["reset_mid_stream", "truncate", "drip", "stall", "malformed_json"]);

function int(params, name, fallback, { min = 0 } = {}) {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`x-mock-fault: ${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * Parses the header. Returns null when absent; throws (with a message for
 * a 400) on an unknown kind or a bad number, so a typo in a test fails loudly.
 */
export function parseFault(header) {
  if (header === undefined || header === "") return null;
  const params = new URLSearchParams(String(header));
  const kind = params.get("kind");
  if (!PRE_RESPONSE.has(kind) && !IN_BODY.has(kind)) {
    throw new Error(`x-mock-fault: unknown kind ${JSON.stringify(kind)}; expected one of ${[...PRE_RESPONSE, ...IN_BODY].join(", ")}`);
  }
  const fault = {
    kind,
    key: params.get("key") ?? "default",
    times: params.has("times") ? int(params, "times", 0) : Infinity,
    retryAfter: params.get("retry_after") ?? "1",
    status: int(params, "status", kind === "html_error" ? 502 : 500, { min: 100 }),
    delayMs: int(params, "delay_ms", kind === "slow_headers" ? 1000 : 100),
    after: params.has("after") ? int(params, "after", 0) : undefined,
  };
  if (fault.status > 599) throw new Error("x-mock-fault: status must be below 600");
  return fault;
}

/** Per-key request counters. */
export class FaultCounter {
  constructor() {
    this.counts = new Map();
  }

  /** Counts a request with this fault; true when the fault applies to it. */
  hit(fault) {
    const n = (this.counts.get(fault.key) ?? 0) + 1;
    this.counts.set(fault.key, n);
    return n <= fault.times;
  }

  toJSON() {
    return Object.fromEntries(this.counts);
  }

  clear() {
    this.counts.clear();
  }
}
