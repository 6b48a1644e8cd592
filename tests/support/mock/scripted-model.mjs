// The mock's "model": a deterministic script, so tests can predict every
// entry and event. Each model turn (start, append, restart; plain or
// streamed) answers in this order of precedence:
//
// 1. A scripted turn. `POST /_mock/script` with
//      { "key": "<string>", "turns": [Turn, ...] }
//    queues turns (after any already queued) for the conversations started
//    with the header `x-mock-script: <key>`. A conversation remembers its
//    key, so its appends and restarts take from the same queue without the
//    header (a header on them switches the conversation to that key). Each
//    model turn takes the next queued turn; once the queue is empty the
//    rules below answer. Answer: 200 `{ ok: true, key, queued }` (turns now
//    waiting under the key), or 400 naming the bad field; no API key needed.
//    Turn   = { outputs: [Output, ...] (non-empty), usage?: { prompt_tokens?,
//              completion_tokens?, total_tokens?, connector_tokens? } }
//             (given usage fields replace the counted ones)
//    Output = one of
//      { type: "function.call", name, arguments?, tool_call_id? }
//          `arguments`: a string is sent verbatim (it may be invalid JSON),
//          an object is JSON-encoded, absent is "{}"; `tool_call_id` is
//          generated when absent. Several in one turn are parallel calls.
//      { type: "message", text }            a message.output entry
//      { type: "tool.execution", name, arguments? }   a built-in tool run
//      { type: "agent.handoff", next_agent_id, next_agent_name? }
//          `handoff_execution: "client"` semantics whatever the request
//          says: it must be the turn's last output. The previous agent is
//          the one speaking (a model conversation names its model). When
//          the mock knows next_agent_id, later turns of the conversation are
//          spoken by that agent (its current version).
//      { type: "confirmation_pending", name, arguments?, tool_call_id? }
//          a function.call entry with `confirmation_status: "pending"`: a
//          server-side call (connector, built-in) waiting for approval,
//          which the client answers with `tool_confirmations`, never with a
//          function.result.
//    Streamed, each output gives the events the spec defines, as below.
// 2. `tool_confirmations` on an append (each must name a pending call of
//    the conversation, else 422 at `body.tool_confirmations[i].tool_call_id`):
//    the stored call becomes `allowed` or `denied`; each allowed call is run
//    by the "server" (a `tool.execution` entry with the call's name and
//    arguments) and then the model speaks: the next scripted turn if one is
//    queued, else a message with one line per call, "<name> was allowed and
//    ran" or "<name> was denied by the user".
// 3. `function.result` entries at the end of the context -> a message that
//    reports the results.
// 4. Otherwise it answers the last user message by echoing it, unless the
//    message names a tool it was given:
//    * a function tool whose name appears in the text (or any function when
//      `tool_choice` is `any`/`required`)  -> a `function.call` entry;
//    * a built-in tool (`web_search`, `code_interpreter`, ...) named in the
//      text (`search` also triggers `web_search`) -> a `tool.execution`
//      entry, then a message;
//    * "handoff"/"transfer" with an agent that has `handoffs` -> an
//      `agent.handoff` entry, then (unless `handoff_execution` is `client`)
//      a message from the next agent. With `client`, the turn ends there
//      and later turns are the next agent's, as after a scripted handoff.
//
// 5. With a persona (the `persona` option of startMockMistral), the persona
//    answers unscripted turns it recognises before rules 3 and 4 apply.
//
// `completion_args.response_format` (text, json_object, json_schema) is
// checked against the spec like every request field; the model does not
// follow it, so a test that wants JSON scripts a message with that text.
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

export function functionTools(tools) {
  return (tools ?? []).filter((t) => (t.type ?? "function") === "function" && t.function?.name);
}

export function lastUserText(context) {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i];
    if (e.type === "message.input" && e.role === "user") return contentText(e.content);
  }
  return "";
}

/**
 * The entries the model appends after `context`. `agent` is the agent
 * snapshot answering (or null), `findAgent(id)` looks up handoff targets,
 * `turn` is the scripted turn to play (checked by script.mjs) or null, and
 * `confirmations` the calls this append just allowed or denied
 * (`[{ call, allowed }]`, from function-checks.mjs).
 */
export function respond({ context, tools, model, agent = null, completionArgs = {}, handoffExecution = "server", findAgent = () => null, turn = null, confirmations = [], persona = null }) {
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

  const speakerIds = () => ({ ...(who.agent_id ? { agent_id: who.agent_id } : {}), model: who.model });
  const functionCall = ({ name, arguments: args, tool_call_id }, pending = false) => ({
    object: "entry",
    type: "function.call",
    ...stamp(),
    ...speakerIds(),
    id: prefixedId("fc"),
    tool_call_id: tool_call_id ?? toolCallId(),
    name,
    arguments: args,
    ...(pending ? { confirmation_status: "pending" } : {}),
  });
  const execution = (name, args) => ({
    object: "entry",
    type: "tool.execution",
    ...stamp(),
    ...speakerIds(),
    id: prefixedId("tool_exec"),
    name,
    arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
    info: {},
  });
  const handoff = (next) => ({
    object: "entry",
    type: "agent.handoff",
    ...stamp(),
    id: prefixedId("handoff"),
    // A model conversation has no agent: it names its model instead.
    previous_agent_id: agent?.id ?? who.model ?? "model",
    previous_agent_name: agent?.name ?? who.model ?? "model",
    next_agent_id: next.id,
    next_agent_name: next.name,
  });

  // Server calls the client just allowed run before the model speaks again.
  const ran = confirmations.filter((c) => c.allowed).map((c) => execution(c.call.name, c.call.arguments));
  if (turn) {
    return [...ran, ...turn.outputs.map((o) => {
      switch (o.type) {
        case "function.call":
          return functionCall(o);
        case "confirmation_pending":
          return functionCall(o, true);
        case "message":
          return message(o.text);
        case "tool.execution":
          return execution(o.name, o.arguments);
        default: {
          const known = findAgent(o.next_agent_id);
          return handoff({ id: o.next_agent_id, name: o.next_agent_name ?? known?.name ?? o.next_agent_id });
        }
      }
    })];
  }
  if (confirmations.length) {
    const lines = confirmations.map((c) => `${c.call.name} ${c.allowed ? "was allowed and ran" : "was denied by the user"}`);
    return [...ran, message(lines.join("\n"))];
  }

  // A persona (the demo's, see demo-persona.mjs) answers what it recognises.
  const answer = persona?.({ context, tools, completionArgs, make: { message, functionCall, execution } });
  if (answer) return answer;

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
    if (fn) return [functionCall({ name: fn.function.name, arguments: JSON.stringify(argumentsFor(fn.function.parameters, text)) })];
    const builtIn = (tools ?? []).find((t) => BUILT_IN.includes(t.type) && (text.includes(t.type) || (t.type === "web_search" && /\bsearch\b/i.test(text))));
    if (builtIn) return [execution(builtIn.type, { query: text }), message(`Results from ${builtIn.type} for: ${text}`)];
  }

  const next = agent?.handoffs?.length && /\b(hand ?off|transfer)\b/i.test(text) ? findAgent(agent.handoffs[0]) : null;
  if (next) {
    if (handoffExecution === "client") return [handoff(next)];
    return [handoff(next), message(`You said: ${text}`, { model: next.model, agent_id: next.id })];
  }

  return [message(text ? `You said: ${text}` : "Hello! What can I do for you?")];
}

/**
 * `arguments` cut into up to four deltas that join back to it exactly
 * (JSON-encoded first when it is an object), so a client must concatenate.
 */
function argumentPieces(args) {
  const text = typeof args === "string" ? args : JSON.stringify(args ?? {});
  if (text.length < 2) return [text];
  const size = Math.max(1, Math.ceil(text.length / 4));
  const pieces = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
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
        const pending = entry.confirmation_status ? { confirmation_status: entry.confirmation_status } : {};
        for (const piece of argumentPieces(entry.arguments)) {
          events.push({ type: "function.call.delta", output_index, id: entry.id, ...who, name: entry.name, tool_call_id: entry.tool_call_id, arguments: piece, ...pending });
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
