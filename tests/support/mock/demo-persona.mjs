// The demo's model (`startMockMistral({ persona: "demo" })`): unscripted
// turns that show off what the SDK does, with answers long enough to watch
// them stream. It recognises, in the last user message:
//
// * weather words and a function tool whose name has `weather`: a call with
//   the city named after "in"/"for" (else Paris);
// * the name of any function tool it was given (an MCP tool, say `echo`), or
//   "add"/"sum"/"plus" with a tool whose name has `sum` or `add`: a call whose
//   number parameters take the numbers of the text in order and whose string
//   parameters take the quoted part of the text (else the text);
// * "search", "news" or "latest" with `web_search`: a built-in tool run, then
//   a message;
// * "story" or "long": a long answer (to cancel mid-stream).
//
// After function results it reports them in words; with a `json_schema`
// response format it answers JSON built from the schema. Anything else gets
// a greeting that says what to try. It returns null for what it leaves to
// the default model (handoffs).
import { argumentsFor, contentText, functionTools, lastUserText } from "./scripted-model.mjs";

/** The long answer (about ten seconds at the demo's pace), to cancel mid-stream. */
export const STORY = [
  "Once upon a time, a tiny WebAssembly module lived in a browser tab.",
  "Every morning it woke up, fetched a stream of server-sent events and turned each one into a token on the screen.",
  "It had no server of its own, only a Worker at the edge that kept the API key safe in its pocket.",
  "One day a user asked it about the weather, and the module called a local function, waited for the result and told the model what it found.",
  "Another day it met an MCP server, negotiated an era with it, listed its tools and tried every one of them.",
  "It learned to branch a conversation from any entry of its history, so that a user could ask the same question twice and compare the answers.",
  "It learned to answer in JSON when asked for a schema, and to say exactly which field was wrong when the schema itself was broken.",
  "It even learned to keep its calm when the connection dropped in the middle of a sentence: it showed what had arrived and said what went wrong.",
  "And when the user pressed cancel, the module let go of the connection at once, so nothing was left open.",
  "The end.",
].join(" ");

const GREETING = (text) =>
  `You said: “${text}”. I am the demo model, a mock of the Mistral API running on your machine, so I cannot really think, ` +
  "but I can show you what the SDK does. Ask me about the weather in a city to see a local function call, say search " +
  "for a built-in web search, connect the MCP server and ask me to use one of its tools (try: add 2 and 3), or ask for " +
  "a long story and press Cancel while it streams.";

const JSON_TYPES = { string: "string", number: "number", integer: "number", boolean: "boolean" };

/**
 * The JSON value a (simple) JSON Schema describes, with text from `hint`;
 * a property that `known` (a tool's result) has with the right type takes
 * its value.
 */
function instance(schema, hint, name = "", known = {}) {
  if (!schema || typeof schema !== "object") return hint;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = [schema.type].flat()[0];
  if (name in known && typeof known[name] === JSON_TYPES[type] && (type !== "integer" || Number.isInteger(known[name]))) return known[name];
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, instance(v, hint, k, known)]));
    case "array":
      return [instance(schema.items, hint, name)];
    case "integer":
      return 21;
    case "number":
      return 21.5;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return /city|location|place/i.test(name) ? cityOf(hint) : hint;
  }
}

function cityOf(text) {
  const m = /\b(?:in|for|at)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?)/u.exec(text);
  return m ? m[1] : "Paris";
}

/** Arguments for `parameters` from the user's text. */
function argumentsFrom(parameters, text) {
  const args = argumentsFor(parameters, text);
  const numbers = (text.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const quoted = /["“']([^"”']+)["”']/.exec(text)?.[1];
  for (const [name, schema] of Object.entries(parameters?.properties ?? {})) {
    if (!(name in args)) continue;
    const type = [schema?.type].flat()[0];
    if ((type === "number" || type === "integer") && numbers.length) args[name] = type === "integer" ? Math.round(numbers.shift()) : numbers.shift();
    else if (type === "string" && /city|location|place/i.test(name)) args[name] = cityOf(text);
    else if (type === "string" && !schema.enum) args[name] = quoted ?? text;
  }
  return args;
}

/** A function result in words: `key: value` pairs for an object. */
function describe(result) {
  try {
    const value = JSON.parse(result);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value).map(([k, v]) => `${k.replaceAll("_", " ")}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");
    }
  } catch {
    // not JSON: the text itself
  }
  return String(result);
}

/** A result that is a JSON object, or `{}`. */
function resultObject(result) {
  try {
    const value = JSON.parse(result);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function jsonSchemaOf(completionArgs) {
  const format = completionArgs?.response_format;
  return format?.type === "json_schema" ? format.json_schema?.schema ?? {} : null;
}

function findTool(fns, text) {
  const named = fns.find((t) => text.includes(t.function.name));
  if (named) return named;
  if (/\b(weather|temperature|forecast)\b/i.test(text)) {
    const weather = fns.find((t) => /weather/i.test(t.function.name));
    if (weather) return weather;
  }
  if (/\b(add|sum|plus)\b/i.test(text)) return fns.find((t) => /sum|add/i.test(t.function.name));
  return undefined;
}

/**
 * The outputs of a turn, or null. `make` builds entries
 * (`message(text)`, `functionCall({ name, arguments })`, `execution(name, args)`).
 */
export function demoPersona({ context, tools, completionArgs, make }) {
  const schema = jsonSchemaOf(completionArgs);
  const text = lastUserText(context);
  const results = [];
  for (let i = context.length - 1; i >= 0 && context[i].type === "function.result"; i--) results.unshift(context[i]);
  if (results.length) {
    if (schema) return [make.message(JSON.stringify(instance(schema, describe(results[0].result), "", resultObject(results[0].result))))];
    const lines = results.map((r) => {
      const call = context.find((e) => e.type === "function.call" && e.tool_call_id === r.tool_call_id);
      return `${call?.name ?? "The tool"} says ${describe(r.result).replace(/[.\s]+$/, "")}.`;
    });
    return [make.message(`Here is what I found. ${lines.join(" ")} Anything else?`)];
  }
  if (!text && !schema) return null;
  const choice = typeof completionArgs?.tool_choice === "string" ? completionArgs.tool_choice : "auto";
  if (choice !== "none") {
    const fn = findTool(functionTools(tools), text);
    if (fn) return [make.functionCall({ name: fn.function.name, arguments: JSON.stringify(argumentsFrom(fn.function.parameters, text)) })];
    const search = (tools ?? []).find((t) => t.type === "web_search" || t.type === "web_search_premium");
    if (search && /\b(search|news|latest)\b/i.test(text)) {
      return [make.execution(search.type, { query: text }), make.message(`I searched the web for “${text}” (pretend results: this is the mock). The built-in tool ran on the server, so the timeline shows its execution but no function result.`)];
    }
  }
  if (schema) return [make.message(JSON.stringify(instance(schema, text)))];
  if (/\b(story|long)\b/i.test(text)) return [make.message(STORY)];
  if (/\b(hand ?off|transfer)\b/i.test(text)) return null;
  return [make.message(GREETING(contentText(text)))];
}
