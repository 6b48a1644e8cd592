// The mock's "model": a deterministic script, so tests can predict every
// entry and event. Given the conversation so far it answers the last user
// message by echoing it, unless the message names a tool it was given:
//
// * a function tool whose name appears in the text (or any function when
//   `tool_choice` is `any`/`required`)  -> a `function.call` entry;
// * `function.result` entries at the end of the context -> a message that
//   reports the results;
// * a built-in tool (`web_search`, `code_interpreter`, ...) named in the text
//   (`search` also triggers `web_search`) -> a `tool.execution` entry, then a
//   message;
// * "handoff"/"transfer" with an agent that has `handoffs` -> an
//   `agent.handoff` entry, then (unless `handoff_execution` is `client`) a
//   message from the next agent.
import { prefixedId, timestamp, toolCallId } from "./ids.mjs";

const BUILT_IN = ["web_search", "web_search_premium", "code_interpreter", "image_generation", "document_library"];

/** The plain text of a message's content (a string or content chunks). */
export function contentText(content) {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((c) => (typeof c?.text === "string" ? c.text : "")).join("");
}

/** Splits text into word-sized tokens that join back to the text exactly. */
export function tokenize(text) {
  const tokens = text.match(/\s*\S+/g) ?? [text];
  const joined = tokens.join("");
  if (joined.length < text.length) tokens[tokens.length - 1] += text.slice(joined.length);
  return tokens;
}

/** A value of the given JSON Schema, built from the user's text. */
function sample(schema, text) {
  if (!schema || typeof schema !== "object") return text;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = [schema.type].flat()[0];
  switch (type) {
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return argumentsFor(schema, text);
    case "null":
      return null;
    default:
      return text;
  }
}

/** Arguments for a function call: its required parameters (or all of them). */
export function argumentsFor(parameters, text) {
  const props = parameters?.properties ?? {};
  const names = Array.isArray(parameters?.required) && parameters.required.length ? parameters.required : Object.keys(props);
  return Object.fromEntries(names.map((n) => [n, sample(props[n], text)]));
}

function functionTools(tools) {
  return (tools ?? []).filter((t) => (t.type ?? "function") === "function" && t.function?.name);
}

function lastUserText(context) {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i];
    if (e.type === "message.input" && e.role === "user") return contentText(e.content);
  }
  return "";
}

/**
 * The entries the model appends after `context`. `agent` is the agent
 * snapshot answering (or null), `findAgent(id)` looks up handoff targets.
 */
export function respond({ context, tools, model, agent = null, completionArgs = {}, handoffExecution = "server", findAgent = () => null }) {
  const who = { model: agent?.model ?? model ?? null, agent_id: agent?.id ?? null };
  const stamp = () => {
    const t = timestamp();
    return { created_at: t, completed_at: t };
  };
  const message = (content, speaker = who) => ({
    object: "entry",
    type: "message.output",
    ...stamp(),
    ...(speaker.agent_id ? { agent_id: speaker.agent_id } : {}),
    model: speaker.model,
    id: prefixedId("msg"),
    role: "assistant",
    content,
  });

  // Results of the functions called last turn.
  const results = [];
  for (let i = context.length - 1; i >= 0 && context[i].type === "function.result"; i--) results.unshift(context[i]);
  if (results.length) {
    const lines = results.map((r) => {
      const call = context.find((e) => e.type === "function.call" && e.tool_call_id === r.tool_call_id);
      return `${call?.name ?? r.tool_call_id} returned ${r.result}`;
    });
    return [message(lines.join("\n"))];
  }

  const text = lastUserText(context);
  const choice = typeof completionArgs?.tool_choice === "string" ? completionArgs.tool_choice : "auto";
  if (choice !== "none") {
    const fns = functionTools(tools);
    const fn = fns.find((t) => text.includes(t.function.name)) ?? (choice === "any" || choice === "required" ? fns[0] : undefined);
    if (fn) {
      return [{
        object: "entry",
        type: "function.call",
        ...stamp(),
        ...(who.agent_id ? { agent_id: who.agent_id } : {}),
        model: who.model,
        id: prefixedId("fc"),
        tool_call_id: toolCallId(),
        name: fn.function.name,
        arguments: JSON.stringify(argumentsFor(fn.function.parameters, text)),
      }];
    }
    const builtIn = (tools ?? []).find((t) => BUILT_IN.includes(t.type) && (text.includes(t.type) || (t.type === "web_search" && /\bsearch\b/i.test(text))));
    if (builtIn) {
      const execution = {
        object: "entry",
        type: "tool.execution",
        ...stamp(),
        ...(who.agent_id ? { agent_id: who.agent_id } : {}),
        model: who.model,
        id: prefixedId("tool_exec"),
        name: builtIn.type,
        arguments: JSON.stringify({ query: text }),
        info: {},
      };
      return [execution, message(`Results from ${builtIn.type} for: ${text}`)];
    }
  }

  const next = agent?.handoffs?.length && /\b(hand ?off|transfer)\b/i.test(text) ? findAgent(agent.handoffs[0]) : null;
  if (next) {
    const handoff = {
      object: "entry",
      type: "agent.handoff",
      ...stamp(),
      id: prefixedId("handoff"),
      previous_agent_id: agent.id,
      previous_agent_name: agent.name,
      next_agent_id: next.id,
      next_agent_name: next.name,
    };
    if (handoffExecution === "client") return [handoff];
    return [handoff, message(`You said: ${text}`, { model: next.model, agent_id: next.id })];
  }

  return [message(text ? `You said: ${text}` : "Hello! What can I do for you?")];
}

/**
 * The stream events of a response, in the order the API sends them (see
 * ../shared/fixtures/mistral/docs-streaming-example.sse): started, the
 * deltas of each output, done with usage.
 */
export function conversationEvents(conversationId, outputs, usage) {
  const events = [{ type: "conversation.response.started", conversation_id: conversationId }];
  outputs.forEach((entry, output_index) => {
    const who = { ...(entry.model !== undefined ? { model: entry.model } : {}), ...(entry.agent_id ? { agent_id: entry.agent_id } : {}) };
    switch (entry.type) {
      case "message.output":
        for (const content of tokenize(contentText(entry.content))) {
          events.push({ type: "message.output.delta", output_index, id: entry.id, content_index: 0, ...who, role: "assistant", content });
        }
        break;
      case "function.call": {
        const args = entry.arguments;
        const cut = Math.ceil(args.length / 2);
        for (const piece of [args.slice(0, cut), args.slice(cut)]) {
          events.push({ type: "function.call.delta", output_index, id: entry.id, ...who, name: entry.name, tool_call_id: entry.tool_call_id, arguments: piece });
        }
        break;
      }
      case "tool.execution":
        events.push({ type: "tool.execution.started", output_index, id: entry.id, ...who, name: entry.name, arguments: entry.arguments });
        events.push({ type: "tool.execution.done", output_index, id: entry.id, name: entry.name, info: entry.info ?? {} });
        break;
      case "agent.handoff":
        events.push({ type: "agent.handoff.started", output_index, id: entry.id, previous_agent_id: entry.previous_agent_id, previous_agent_name: entry.previous_agent_name });
        events.push({ type: "agent.handoff.done", output_index, id: entry.id, next_agent_id: entry.next_agent_id, next_agent_name: entry.next_agent_name });
        break;
      default:
        break;
    }
  });
  events.push({ type: "conversation.response.done", usage });
  return events;
}
