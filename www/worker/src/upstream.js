// Where the Worker sends the API calls: Mistral itself when the Worker has
// a key (`wrangler secret put MISTRAL_API_KEY`, or MISTRAL_API_KEY in the
// shell of `make demo`), else the mock Mistral API that `make demo` starts
// and names in MOCK_MISTRAL_URL. Without either there is nothing to call.

export const MISTRAL_API = "https://api.mistral.ai";

/** `{ kind: "mistral" | "mock", url, key }`, or null when the Worker has no upstream. */
export function upstreamOf(env) {
  const key = typeof env.MISTRAL_API_KEY === "string" ? env.MISTRAL_API_KEY.trim() : "";
  if (key) return { kind: "mistral", url: MISTRAL_API, key };
  if (typeof env.MOCK_MISTRAL_URL === "string" && env.MOCK_MISTRAL_URL) {
    return { kind: "mock", url: env.MOCK_MISTRAL_URL.replace(/\/+$/, ""), key: String(env.MOCK_MISTRAL_KEY ?? "") };
  }
  return null;
}

/** The 503 a Worker without an upstream answers, in the API's error shape. */
export function noUpstream() {
  const message = "This Worker has no Mistral API key: run `npx wrangler secret put MISTRAL_API_KEY` and deploy again.";
  return Response.json({ object: "error", message, type: "no_upstream", param: null, code: null }, { status: 503 });
}
