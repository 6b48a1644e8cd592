// `POST /api/run` `{ prompt }`: the SDK inside the Worker. The Worker runs
// the model with the demo's local function (`get_weather`, executed here,
// in workerd) and streams every event of the run to the page as
// Server-Sent Events; an error ends the stream with an `error` event that
// carries the error's name and fields (never the key).
import { Mistral } from "../../pkg/workerd.js";
import { weatherTool } from "../../app/weather.js";

export const RUN_MODEL = "mistral-medium-latest";
const MAX_PROMPT = 2000;

function frame(type, data) {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What the page shows of an error: its class, message and typed fields. */
export function errorFields(error) {
  const out = { name: error?.name ?? "Error", message: String(error?.message ?? error) };
  for (const key of ["status", "requestId", "field", "expected", "reason", "code", "kind", "timeoutMs"]) {
    if (error?.[key] !== undefined) out[key] = error[key];
  }
  return out;
}

function badRequest(message) {
  return Response.json({ object: "error", message, type: "invalid_request_error", param: "prompt", code: null }, { status: 400 });
}

export async function runInWorker(request, upstream) {
  let body;
  try {
    body = await request.json();
  } catch {
    return badRequest("the body must be JSON: { \"prompt\": \"...\" }");
  }
  const prompt = body?.prompt;
  if (typeof prompt !== "string" || !prompt.trim() || prompt.length > MAX_PROMPT) {
    return badRequest(`prompt must be a non-empty string of at most ${MAX_PROMPT} characters`);
  }
  const client = new Mistral({ apiKey: upstream.key, serverURL: upstream.url });
  const abort = new AbortController();
  const encoder = new TextEncoder();
  const events = new ReadableStream({
    async start(controller) {
      const send = (type, data) => controller.enqueue(encoder.encode(frame(type, data)));
      try {
        const stream = await client.runStream({ model: RUN_MODEL, inputs: prompt, tools: [weatherTool], maxTurns: 4, signal: abort.signal });
        for await (const event of stream) send(event.type ?? "event", event);
      } catch (error) {
        if (!abort.signal.aborted) send("error", errorFields(error));
      }
      if (!abort.signal.aborted) controller.close();
    },
    // The page went away: the run (its request and its tool calls) stops.
    cancel() {
      abort.abort();
    },
  });
  return new Response(events, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}
