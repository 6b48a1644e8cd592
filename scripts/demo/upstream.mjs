// What `make demo` starts as the Worker's upstream, decided from the
// environment exactly as the Worker decides (www/worker/src/upstream.js):
// with MISTRAL_API_KEY set, the real API and no mock; without, the mock
// with a key of this run that only the Worker holds.
import { randomBytes } from "node:crypto";
import { upstreamOf } from "../../www/worker/src/upstream.js";

/**
 * `{ mock: boolean, bindings }`: whether to start the mock, and the
 * Worker's bindings (`mockURL` filled in once the mock listens).
 */
export function planUpstream(env, mockURL = "http://127.0.0.1:0") {
  const key = typeof env.MISTRAL_API_KEY === "string" ? env.MISTRAL_API_KEY.trim() : "";
  const bindings = key ? { MISTRAL_API_KEY: key } : { MOCK_MISTRAL_URL: mockURL, MOCK_MISTRAL_KEY: `demo-${randomBytes(12).toString("hex")}` };
  const upstream = upstreamOf(bindings);
  return { mock: upstream.kind === "mock", bindings, upstream };
}
