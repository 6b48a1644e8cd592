// "The SDK inside the Worker": POST /api/run streams the events of a run
// the Worker makes itself (its own local function, its own key); the page
// reads the Server-Sent Events with plain fetch.
import { $, brief, h } from "./dom.js";
import { errorView } from "./errors.js";

/** The `{ type, data }` frames of an event-stream text; the rest stays in `buffer`. */
function frames(buffer) {
  const parts = buffer.split("\n\n");
  const rest = parts.pop();
  const events = parts.map((p) => {
    const data = p.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
    const type = /^event: (.*)$/m.exec(p)?.[1] ?? "message";
    try {
      return { type, data: JSON.parse(data) };
    } catch {
      return { type: "error", data: { name: "StreamError", message: `an event that is not JSON: ${brief(data, 80)}` } };
    }
  });
  return { events, rest };
}

function describe(type, data) {
  if (type === "function.call.delta") return `${type} ${data.name} ${data.arguments}`;
  if (type === "function.result") return `${type} ${data.result}`;
  if (type === "conversation.response.done") return `${type} ${data.usage?.total_tokens ?? "?"} tokens`;
  if (type === "run.done") return `${type} after ${data.result.turns} turns`;
  return type;
}

async function run(prompt) {
  const answer = $("#worker-answer");
  const list = $("#worker-events");
  answer.textContent = "";
  list.replaceChildren();
  try {
    const res = await fetch("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt }) });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw Object.assign(new Error(body.message ?? res.statusText), { name: "ApiError", status: res.status });
    }
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      const { events, rest } = frames(buffer);
      buffer = rest;
      for (const { type, data } of events) {
        if (type === "error") {
          list.append(h("li", {}, errorView(data, "In the Worker")));
          continue;
        }
        if (type === "message.output.delta" && typeof data.content === "string") answer.textContent += data.content;
        if (type !== "message.output.delta") list.append(h("li", { dataset: { type } }, describe(type, data)));
      }
    }
  } catch (error) {
    list.append(h("li", {}, errorView(error, "Calling the Worker")));
  }
}

export function initWorkerRun() {
  $("#worker-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const prompt = $("#worker-prompt").value.trim();
    if (prompt) run(prompt);
  });
}
