// `/v1/*` to the upstream, the request and the answer passed through as
// they are (an event stream is piped, never read), with the Worker's key
// put in. A browser that sends its own `Authorization` (the page's "my own
// key" mode) keeps it: the call is then made with the user's key, and a
// wrong one gets the API's own 401.

/** Request headers that describe the hop from the browser, not the call. */
const HOP = new Set(["host", "cookie", "origin", "referer", "connection", "keep-alive", "content-length", "transfer-encoding", "x-real-ip"]);

function forwarded(headers, upstream) {
  const out = new Headers();
  for (const [name, value] of headers) {
    if (HOP.has(name) || name.startsWith("cf-") || name.startsWith("x-forwarded-") || name.startsWith("sec-")) continue;
    // The mock's fault and script headers mean nothing to Mistral.
    if (name.startsWith("x-mock-") && upstream.kind !== "mock") continue;
    out.set(name, value);
  }
  if (!out.has("authorization")) out.set("authorization", `Bearer ${upstream.key}`);
  return out;
}

export async function proxy(request, upstream) {
  const url = new URL(request.url);
  const target = `${upstream.url}${url.pathname}${url.search}`;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const answer = await fetch(target, {
    method: request.method,
    headers: forwarded(request.headers, upstream),
    body: hasBody ? request.body : undefined,
    // A streamed request body (the spec asks for this; workerd and Node agree).
    ...(hasBody ? { duplex: "half" } : {}),
    redirect: "manual",
  });
  const headers = new Headers(answer.headers);
  headers.delete("set-cookie");
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}
