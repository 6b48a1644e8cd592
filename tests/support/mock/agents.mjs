// `/v1/agents`: agents with immutable versions (every update appends one),
// a current version that can be switched, and aliases naming versions.
import { prefixedId, timestamp } from "./ids.mjs";
import { MockHttpError, notFound } from "./errors.mjs";

/** Members a version carries (everything an update may change). */
const VERSIONED = ["instructions", "tools", "completion_args", "guardrails", "model", "name", "description", "handoffs", "metadata", "deployment_chat"];

/** The wire `Agent` for one version of a stored agent. */
export function agentJson(agent, snapshot) {
  return {
    instructions: snapshot.instructions ?? null,
    tools: snapshot.tools ?? [],
    completion_args: { tool_choice: "auto", ...(snapshot.completion_args ?? {}) },
    guardrails: snapshot.guardrails ?? null,
    model: snapshot.model,
    name: snapshot.name,
    description: snapshot.description ?? null,
    handoffs: snapshot.handoffs ?? null,
    metadata: snapshot.metadata ?? null,
    object: "agent",
    id: agent.id,
    version: snapshot.version,
    versions: agent.versions.map((v) => v.version),
    created_at: agent.created_at,
    updated_at: snapshot.updated_at,
    deployment_chat: snapshot.deployment_chat ?? false,
    source: agent.source,
    version_message: snapshot.version_message ?? null,
  };
}

export function getAgent(state, id) {
  const agent = state.agents.get(id);
  if (!agent) throw notFound("Agent", id);
  return agent;
}

/**
 * The snapshot for `version`: a number, a string of digits, an alias, or
 * null/undefined for the current version.
 */
export function agentVersion(agent, version) {
  if (version === undefined || version === null) return agent.versions.find((v) => v.version === agent.current);
  const n = typeof version === "number" ? version : /^\d+$/.test(String(version)) ? Number(version) : undefined;
  const number = n ?? agent.aliases.get(String(version))?.version;
  const snapshot = agent.versions.find((v) => v.version === number);
  if (!snapshot) throw notFound(`Version of agent ${agent.id}`, version);
  return snapshot;
}

/** Agent lookup for handoffs: the current snapshot with its id, or null. */
export function handoffTarget(state, id) {
  const agent = state.agents.get(id);
  if (!agent) return null;
  const snapshot = agentVersion(agent, null);
  return { id: agent.id, name: snapshot.name, model: snapshot.model, handoffs: snapshot.handoffs };
}

function page(list, params, defaultSize) {
  const size = params.page_size ?? defaultSize;
  const start = (params.page ?? 0) * size;
  return list.slice(start, start + size);
}

/** Newest first, as the API lists agents. */
function newestFirst(state) {
  return [...state.agents.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
}

function matchesFilters(agent, params) {
  const current = agentVersion(agent, null);
  if (params.name != null && current.name !== params.name) return false;
  if (params.search != null && !current.name.includes(params.search) && !agent.id.includes(params.search)) return false;
  if (params.id != null && agent.id !== params.id) return false;
  if (params.deployment_chat != null && (current.deployment_chat ?? false) !== params.deployment_chat) return false;
  if (Array.isArray(params.sources) && params.sources.length && !params.sources.includes(agent.source)) return false;
  if (params.metadata && typeof params.metadata === "object") {
    for (const [k, v] of Object.entries(params.metadata)) if (JSON.stringify(current.metadata?.[k]) !== JSON.stringify(v)) return false;
  }
  return true;
}

function encodeCursor(offset) {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeCursor(token) {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new MockHttpError(400, "Invalid page_token", { code: "invalid_cursor" });
}

export const agentHandlers = {
  agents_api_v1_agents_create({ state, body }) {
    const now = timestamp();
    const snapshot = { version: 0, updated_at: now, version_message: body.version_message ?? null };
    for (const k of VERSIONED) if (body[k] !== undefined) snapshot[k] = body[k];
    const agent = { id: prefixedId("ag"), created_at: now, source: "api", current: 0, versions: [snapshot], aliases: new Map() };
    state.agents.set(agent.id, agent);
    return { status: 200, json: agentJson(agent, snapshot) };
  },

  agents_api_v1_agents_list({ state, params }) {
    const list = newestFirst(state).filter((a) => matchesFilters(a, params));
    return { status: 200, json: page(list, params, 20).map((a) => agentJson(a, agentVersion(a, null))) };
  },

  agents_api_v1_agents_list_pages({ state, params }) {
    const list = newestFirst(state).filter((a) => matchesFilters(a, params));
    const size = params.page_size ?? 20;
    const start = params.page_token ? decodeCursor(params.page_token) : 0;
    const data = list.slice(start, start + size).map((a) => agentJson(a, agentVersion(a, null)));
    const next = start + size < list.length ? encodeCursor(start + size) : null;
    return { status: 200, json: { object: "list", data, next_page_token: next } };
  },

  agents_api_v1_agents_get({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    return { status: 200, json: agentJson(agent, agentVersion(agent, params.agent_version)) };
  },

  agents_api_v1_agents_update({ state, params, body }) {
    const agent = getAgent(state, params.agent_id);
    const current = agentVersion(agent, null);
    const version = Math.max(...agent.versions.map((v) => v.version)) + 1;
    const snapshot = { ...current, version, updated_at: timestamp(), version_message: body.version_message ?? null };
    for (const k of VERSIONED) {
      if (body[k] === undefined) continue;
      // null leaves required members (model, name, deployment_chat) as they were.
      if (body[k] === null && (k === "model" || k === "name" || k === "deployment_chat")) continue;
      snapshot[k] = body[k];
    }
    agent.versions.push(snapshot);
    agent.current = version;
    return { status: 200, json: agentJson(agent, snapshot) };
  },

  agents_api_v1_agents_update_version({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    const snapshot = agentVersion(agent, params.version);
    agent.current = snapshot.version;
    return { status: 200, json: agentJson(agent, snapshot) };
  },

  agents_api_v1_agents_delete({ state, params }) {
    getAgent(state, params.agent_id);
    state.agents.delete(params.agent_id);
    return { status: 204 };
  },

  agents_api_v1_agents_list_versions({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    return { status: 200, json: page(agent.versions, params, 20).map((v) => agentJson(agent, v)) };
  },

  agents_api_v1_agents_get_version({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    return { status: 200, json: agentJson(agent, agentVersion(agent, params.version)) };
  },

  agents_api_v1_agents_create_or_update_alias({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    const snapshot = agentVersion(agent, params.version);
    const now = timestamp();
    const existing = agent.aliases.get(params.alias);
    const alias = { alias: params.alias, version: snapshot.version, created_at: existing?.created_at ?? now, updated_at: now };
    agent.aliases.set(params.alias, alias);
    return { status: 200, json: alias };
  },

  agents_api_v1_agents_list_version_aliases({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    return { status: 200, json: [...agent.aliases.values()] };
  },

  agents_api_v1_agents_delete_alias({ state, params }) {
    const agent = getAgent(state, params.agent_id);
    if (!agent.aliases.delete(params.alias)) throw notFound(`Alias of agent ${agent.id}`, params.alias);
    return { status: 204 };
  },
};
