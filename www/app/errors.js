// Errors as the page shows them: the SDK's class, its message, and every
// typed field it carries (status, request id, the bad field, the MCP
// reason...), with a hint for the usual causes. The SDK never puts a key in
// an error, so everything here can be shown.
import { h } from "./dom.js";

const FIELDS = ["status", "requestId", "field", "expected", "reason", "code", "kind", "timeoutMs", "retryAfterMs", "method", "tool", "tool_call_id", "problem", "max_turns", "violations", "errors", "data"];

/** A hint for the usual cause; `scope` "mcp" for errors of an MCP server rather than of Mistral's API. */
function hint(error, scope) {
  if (scope === "mcp") {
    if (error?.status === 401 || error?.reason === "auth") return "The MCP server refused the credentials: check the authentication method and the token.";
    if (error?.name === "ConnectionError" || error?.reason === "transport") return "Nothing answers at this URL, or the way to it is blocked (a server that sends no CORS headers is unreachable from a page).";
  }
  switch (error?.name) {
    case "ApiError":
      if (error.status === 401) return "The API refused the key. In “my own key” mode the key you typed is the one used; switch back to the Worker's key in the header.";
      if (error.status === 503) return "The Worker has no upstream: give it a key (wrangler secret put MISTRAL_API_KEY).";
      return "The API answered with an error; its body says why.";
    case "ValidationError":
      return error.status ? "The API refused the request: see the fields it named." : "The SDK refused this input before sending anything.";
    case "ConnectionError":
      return "The server could not be reached, or the connection broke.";
    case "StreamError":
      return "The stream broke after it started; what arrived before is kept above.";
    case "McpError":
      return error.reason === "auth" ? "The MCP server wants credentials: pick an authentication method and a token." : "The MCP server, or the way to it, failed.";
    case "RunError":
      return "The run stopped early; what it gathered is in the timeline.";
    case "TimeoutError":
      return "The call took too long.";
    default:
      return null;
  }
}

function show(value) {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 1);
}

/** The fields of `error` worth showing, as `[name, text]`. */
export function errorFacts(error) {
  const facts = [];
  for (const key of FIELDS) {
    const value = error?.[key];
    if (value === undefined || value === null || (Array.isArray(value) && !value.length)) continue;
    facts.push([key, show(value)]);
  }
  const body = error?.json?.message ?? error?.json?.detail;
  if (body !== undefined) facts.push(["body", show(body)]);
  return facts;
}

/** An element for `error` (an SDK error, or anything thrown). */
export function errorView(error, context = "", scope = "api") {
  const name = error?.name ?? "Error";
  const message = String(error?.message ?? error);
  const facts = errorFacts(error);
  const tip = hint(error, scope);
  return h(
    "div",
    { class: "error", role: "alert", dataset: { errorName: name } },
    h("strong", {}, context ? `${context}: ${name}` : name),
    h("span", { class: "message" }, message),
    facts.length ? h("dl", {}, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { dataset: { field: k } }, v)])) : null,
    tip ? h("span", { class: "hint" }, tip) : null,
  );
}

/** Shows `error` in `target` (replacing what was there), or clears it. */
export function showError(target, error, context, scope) {
  target.replaceChildren(...(error ? [errorView(error, context, scope)] : []));
}
