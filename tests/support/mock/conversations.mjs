// `/v1/conversations`: conversations with a model or an agent, their
// entries, and the scripted model's answers (plain or streamed).
import { countTokens, prefixedId, timestamp } from "./ids.mjs";
import { notFound, validationError } from "./errors.mjs";
import { agentVersion, getAgent, handoffTarget } from "./agents.mjs";
import { contentText, conversationEvents, respond } from "./scripted-model.mjs";
import { applyConfirmations, functionResultViolations } from "./function-checks.mjs";

const SCRIPT_HEADER = "x-mock-script";

/** The `x-mock-script` key a request names, if any. */
function scriptKeyOf(headers) {
  const value = headers?.[SCRIPT_HEADER];
  return typeof value === "string" && value !== "" ? value : null;
}

/** Gives a client-sent input entry its stored shape (type, id, timestamps). */
function storedEntry(input) {
  const now = timestamp();
  let type = input.type;
  if (!type) {
    if ("result" in input) type = "function.result";
    else if ("tool_call_id" in input) type = "function.call";
    else if ("next_agent_id" in input) type = "agent.handoff";
    else if ("role" in input) type = "message.input";
    else type = "tool.execution";
  }
  const prefix = { "message.input": "msg", "message.output": "msg", "function.result": "fr", "function.call": "fc", "tool.execution": "tool_exec", "agent.handoff": "handoff" }[type];
  return {
    object: "entry",
    ...input,
    type,
    created_at: input.created_at ?? now,
    completed_at: input.completed_at ?? (type === "message.input" ? null : now),
    id: input.id ?? prefixedId(prefix),
  };
}

/** `inputs` (a string or entries) as stored entries. */
function inputEntries(inputs) {
  if (inputs === undefined || inputs === null) return [];
  if (typeof inputs === "string") return [storedEntry({ type: "message.input", role: "user", content: inputs })];
  return inputs.map(storedEntry);
}

function entryText(entry) {
  if ("content" in entry) return contentText(entry.content);
  if ("result" in entry) return entry.result;
  if ("arguments" in entry) return typeof entry.arguments === "string" ? entry.arguments : JSON.stringify(entry.arguments);
  return "";
}

function usageFor(context, outputs) {
  const prompt_tokens = context.reduce((n, e) => n + countTokens(entryText(e)), 0);
  const completion_tokens = outputs.reduce((n, e) => n + countTokens(entryText(e)), 0);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function getConversation(state, id) {
  const conversation = state.conversations.get(id);
  if (!conversation) throw notFound("Conversation", id);
  return conversation;
}

/** The wire `ModelConversation` or `AgentConversation`. */
function conversationJson(c) {
  const common = { name: c.name ?? null, description: c.description ?? null, metadata: c.metadata ?? null, object: "conversation", id: c.id, created_at: c.created_at, updated_at: c.updated_at };
  if (c.agent_id) return { ...common, agent_id: c.agent_id, agent_version: c.agent_version };
  return {
    instructions: c.instructions ?? null,
    tools: c.tools ?? [],
    completion_args: { tool_choice: "auto", ...(c.completion_args ?? {}) },
    ...(c.guardrails ? { guardrails: c.guardrails } : {}),
    ...common,
    model: c.model,
  };
}

/** What answers in a conversation: its agent's pinned version or its model. */
function speaker(state, conversation) {
  if (!conversation.agent_id) {
    return { agent: null, model: conversation.model, tools: conversation.tools, completionArgs: conversation.completion_args };
  }
  const agent = getAgent(state, conversation.agent_id);
  const snapshot = agentVersion(agent, conversation.agent_version);
  return {
    agent: { id: agent.id, name: snapshot.name, model: snapshot.model, handoffs: snapshot.handoffs },
    model: snapshot.model,
    tools: snapshot.tools,
    completionArgs: snapshot.completion_args,
  };
}

/**
 * Runs the model on `history + inputs` (after applying `confirmations`),
 * stores the result unless `store: false`, and answers as JSON or as an
 * event stream. The turn is the next scripted one of the conversation's
 * key when one is queued.
 */
function run(state, conversation, { history, inputs, body, stream, confirmations = [] }) {
  const who = speaker(state, conversation);
  const context = [...history, ...inputs];
  const turn = state.scripts.take(conversation.script_key);
  const outputs = respond({
    context,
    tools: who.tools,
    model: who.model,
    agent: who.agent,
    completionArgs: { ...(who.completionArgs ?? {}), ...(body.completion_args ?? {}) },
    handoffExecution: body.handoff_execution ?? conversation.handoff_execution ?? "server",
    findAgent: (id) => handoffTarget(state, id),
    turn,
    confirmations,
    persona: state.persona,
  });
  const usage = { ...usageFor(context, outputs), ...(turn?.usage ?? {}) };
  if (body.store !== false) {
    conversation.entries = [...context, ...outputs];
    conversation.updated_at = timestamp();
    // A turn that ends with a handoff to a known agent leaves the
    // conversation to that agent (its current version).
    const last = outputs.at(-1);
    if (last?.type === "agent.handoff" && state.agents.has(last.next_agent_id)) {
      conversation.agent_id = last.next_agent_id;
      conversation.agent_version = null;
    }
    state.conversations.set(conversation.id, conversation);
  }
  if (stream) return { status: 200, events: conversationEvents(conversation.id, outputs, usage) };
  return { status: 200, json: { object: "conversation.response", conversation_id: conversation.id, outputs, usage } };
}

function start({ state, body, headers, stream }) {
  if (body.agent_id && body.model) {
    throw validationError([{ type: "value_error", loc: ["body"], msg: "Value error, only one of `model` and `agent_id` may be set", input: body }]);
  }
  if (!body.agent_id && !body.model) {
    throw validationError([{ type: "value_error", loc: ["body"], msg: "Value error, one of `model` or `agent_id` is required", input: body }]);
  }
  const now = timestamp();
  const conversation = {
    id: prefixedId("conv"),
    created_at: now,
    updated_at: now,
    name: body.name ?? null,
    description: body.description ?? null,
    metadata: body.metadata ?? null,
    handoff_execution: body.handoff_execution ?? "server",
    script_key: scriptKeyOf(headers),
    entries: [],
  };
  if (body.agent_id) {
    const agent = getAgent(state, body.agent_id);
    agentVersion(agent, body.agent_version); // 404 for an unknown version or alias
    conversation.agent_id = agent.id;
    // Unpinned (null) conversations follow the agent's current version.
    conversation.agent_version = body.agent_version ?? null;
  } else {
    Object.assign(conversation, {
      model: body.model,
      instructions: body.instructions ?? null,
      tools: body.tools ?? [],
      completion_args: body.completion_args ?? {},
      guardrails: body.guardrails ?? null,
    });
  }
  return run(state, conversation, { history: [], inputs: inputEntries(body.inputs), body, stream });
}

function append({ state, params, body, headers, stream }) {
  const conversation = getConversation(state, params.conversation_id);
  conversation.script_key = scriptKeyOf(headers) ?? conversation.script_key;
  const inputs = inputEntries(body.inputs);
  const { history, resolved } = applyConfirmations(conversation.entries, body.tool_confirmations);
  state.functionResults.violations.push(...functionResultViolations(conversation.id, conversation.entries, inputs, body.tool_confirmations));
  return run(state, conversation, { history, inputs, body, stream, confirmations: resolved });
}

function restart({ state, params, body, headers, stream }) {
  const source = getConversation(state, params.conversation_id);
  const index = source.entries.findIndex((e) => e.id === body.from_entry_id);
  if (index < 0) throw notFound(`Entry of conversation ${source.id}`, body.from_entry_id);
  const now = timestamp();
  const conversation = {
    ...source,
    id: prefixedId("conv"),
    created_at: now,
    updated_at: now,
    metadata: body.metadata !== undefined ? body.metadata : source.metadata,
    agent_version: body.agent_version !== undefined ? body.agent_version : source.agent_version,
    script_key: scriptKeyOf(headers) ?? source.script_key,
    entries: [],
  };
  if (conversation.agent_id) agentVersion(getAgent(state, conversation.agent_id), conversation.agent_version);
  // The history is kept up to and including the entry restarted from.
  return run(state, conversation, { history: source.entries.slice(0, index + 1), inputs: inputEntries(body.inputs), body, stream });
}

export const conversationHandlers = {
  agents_api_v1_conversations_start: (ctx) => start({ ...ctx, stream: false }),
  agents_api_v1_conversations_start_stream: (ctx) => start({ ...ctx, stream: true }),
  agents_api_v1_conversations_append: (ctx) => append({ ...ctx, stream: false }),
  agents_api_v1_conversations_append_stream: (ctx) => append({ ...ctx, stream: true }),
  agents_api_v1_conversations_restart: (ctx) => restart({ ...ctx, stream: false }),
  agents_api_v1_conversations_restart_stream: (ctx) => restart({ ...ctx, stream: true }),

  agents_api_v1_conversations_list({ state, params }) {
    let list = [...state.conversations.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
    if (params.metadata && typeof params.metadata === "object") {
      list = list.filter((c) => Object.entries(params.metadata).every(([k, v]) => JSON.stringify(c.metadata?.[k]) === JSON.stringify(v)));
    }
    const size = params.page_size ?? 100;
    const from = (params.page ?? 0) * size;
    return { status: 200, json: list.slice(from, from + size).map(conversationJson) };
  },

  agents_api_v1_conversations_get({ state, params }) {
    return { status: 200, json: conversationJson(getConversation(state, params.conversation_id)) };
  },

  agents_api_v1_conversations_history({ state, params }) {
    const c = getConversation(state, params.conversation_id);
    return { status: 200, json: { object: "conversation.history", conversation_id: c.id, entries: c.entries } };
  },

  agents_api_v1_conversations_messages({ state, params }) {
    const c = getConversation(state, params.conversation_id);
    const messages = c.entries.filter((e) => e.type === "message.input" || e.type === "message.output");
    return { status: 200, json: { object: "conversation.messages", conversation_id: c.id, messages } };
  },

  agents_api_v1_conversations_delete({ state, params }) {
    getConversation(state, params.conversation_id);
    state.conversations.delete(params.conversation_id);
    return { status: 204 };
  },
};
