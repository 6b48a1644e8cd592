// `/v1/connectors`: MCP connectors with keyset (cursor) pagination, looked
// up by id or by name, each exposing two tools (`echo`, `add`).
import { randomBytes } from "node:crypto";
import { timestamp, uuid } from "./ids.mjs";
import { MockHttpError, notFound } from "./errors.mjs";

/** The user every connector belongs to in the mock. */
const OWNER = "5c1f3b5e-0c5e-4a8e-9d61-3f1c6a2b7e90";

const TOOLS = [
  {
    name: "echo",
    title: "Echo",
    description: "Returns its text.",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    annotations: { readOnlyHint: true },
  },
  {
    name: "add",
    title: "Add",
    description: "Adds two numbers.",
    inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    annotations: { readOnlyHint: true },
  },
];

/** The wire `Connector` (secrets such as `auth_data` are never returned). */
function connectorJson(c) {
  return {
    id: c.id,
    name: c.name,
    title: c.title,
    description: c.description,
    created_at: c.created_at,
    modified_at: c.modified_at,
    server: c.server,
    protocol: "mcp",
    icon_url: c.icon_url,
    owner_id: OWNER,
    owner_type: "user",
    visibility: c.visibility,
    creator_id: OWNER,
    system_prompt: c.system_prompt,
    active: true,
    private_tool_execution: false,
    mistral: false,
    is_authenticated: c.authenticated,
  };
}

function find(state, idOrName) {
  const c = state.connectors.get(idOrName) ?? [...state.connectors.values()].find((x) => x.name === idOrName);
  if (!c) throw notFound("Connector", idOrName);
  return c;
}

function assertNameFree(state, name, self = null) {
  for (const c of state.connectors.values()) {
    if (c !== self && c.name === name) throw new MockHttpError(409, `A connector named ${JSON.stringify(name)} already exists`, { type: "conflict" });
  }
}

function encodeCursor(created_at, id) {
  return Buffer.from(JSON.stringify([created_at, id])).toString("base64url");
}

function decodeCursor(cursor) {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === "string")) return key;
  } catch {
    // fall through
  }
  throw new MockHttpError(400, "Invalid cursor", { code: "invalid_cursor" });
}

function textResult(text, structuredContent = null, isError = false) {
  return { content: [{ type: "text", text }], metadata: { mcp_meta: { isError, structuredContent } } };
}

export const connectorHandlers = {
  connector_create_v1({ state, body }) {
    assertNameFree(state, body.name);
    const now = timestamp();
    const c = {
      id: uuid(),
      name: body.name,
      title: body.title ?? null,
      description: body.description,
      created_at: now,
      modified_at: now,
      server: body.server,
      icon_url: body.icon_url ?? null,
      visibility: body.visibility ?? "private",
      system_prompt: body.system_prompt ?? null,
      authenticated: Boolean(body.auth_data || body.headers),
    };
    state.connectors.set(c.id, c);
    return { status: 201, json: connectorJson(c) };
  },

  connector_list_v1({ state, params }) {
    const size = params.page_size ?? 100;
    // Keyset pagination: ordered by (created_at, id), the cursor is the last key seen.
    let list = [...state.connectors.values()].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1));
    if (params.cursor) {
      const [at, id] = decodeCursor(params.cursor);
      list = list.filter((c) => c.created_at > at || (c.created_at === at && c.id > id));
    }
    const items = list.slice(0, size);
    const last = items[items.length - 1];
    const next_cursor = list.length > size && last ? encodeCursor(last.created_at, last.id) : null;
    return { status: 200, json: { items: items.map(connectorJson), pagination: { next_cursor, page_size: size } } };
  },

  connector_get_v1({ state, params }) {
    return { status: 200, json: connectorJson(find(state, params.connector_id_or_name)) };
  },

  connector_update_v1({ state, params, body }) {
    const c = state.connectors.get(params.connector_id);
    if (!c) throw notFound("Connector", params.connector_id);
    if (body.name != null) assertNameFree(state, body.name, c);
    for (const k of ["name", "title", "description", "icon_url", "system_prompt", "server"]) {
      if (body[k] === undefined) continue;
      if (body[k] === null && (k === "name" || k === "description" || k === "server")) continue;
      c[k] = body[k];
    }
    c.modified_at = timestamp();
    return { status: 200, json: connectorJson(c) };
  },

  connector_delete_v1({ state, params }) {
    if (!state.connectors.delete(params.connector_id)) throw notFound("Connector", params.connector_id);
    return { status: 200, json: { message: `Connector ${params.connector_id} deleted` } };
  },

  connector_list_tools_v1({ state, params }) {
    find(state, params.connector_id_or_name);
    const size = params.page_size ?? 100;
    const from = Math.max(0, (params.page ?? 1) - 1) * size;
    return { status: 200, json: TOOLS.slice(from, from + size) };
  },

  connector_call_tool_v1({ state, params, body }) {
    find(state, params.connector_id_or_name);
    const args = body.arguments ?? {};
    switch (params.tool_name) {
      case "echo":
        return typeof args.text === "string"
          ? { status: 200, json: textResult(args.text) }
          : { status: 200, json: textResult("`text` must be a string", null, true) };
      case "add": {
        if (typeof args.a !== "number" || typeof args.b !== "number") return { status: 200, json: textResult("`a` and `b` must be numbers", null, true) };
        const sum = args.a + args.b;
        return { status: 200, json: textResult(String(sum), { sum }) };
      }
      default:
        throw notFound("Tool", params.tool_name);
    }
  },

  connector_get_auth_url_v1({ state, params }) {
    const c = find(state, params.connector_id_or_name);
    const url = new URL("/authorize", c.server);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", "mistral-mock");
    url.searchParams.set("state", randomBytes(12).toString("hex"));
    url.searchParams.set("redirect_uri", params.app_return_url ?? "https://console.mistral.ai/oauth/callback");
    return { status: 200, json: { auth_url: url.toString(), ttl: 600 } };
  },
};
