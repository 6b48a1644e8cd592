// The mock Mistral server against its contract: every served operation's
// happy path with the response checked (strictly: no undeclared member)
// against the spec, the 422 mapping, auth, CORS, every fault knob, the
// stats that prove an abort released its stream, the CLI, and a clean close.
//
// run: node --test tests/js/
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { startMockMistral } from "../support/mock-mistral.mjs";
import { specValidator } from "../support/spec-validator.mjs";

const strict = specValidator({ strictOutput: true });
const KEY = "sk-test-0123456789";
let mock;

before(async () => {
  mock = await startMockMistral();
});

after(async () => {
  await mock.close();
});

// ---------------------------------------------------------------------------
// helpers

let faultSeq = 0;
/** A fault header scoped to a fresh key, so tests never share counters. */
function fault(spec) {
  const key = `t${process.pid}-${++faultSeq}`;
  return { key, headers: { "x-mock-fault": `${spec}&key=${key}` } };
}

async function call(method, path, { body, headers = {}, key = KEY, raw, signal, base } = {}) {
  const h = { ...headers };
  if (key !== null) h.authorization = `Bearer ${key}`;
  if (body !== undefined || raw !== undefined) h["content-type"] = "application/json";
  const res = await fetch((base ?? mock.url) + path, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)), signal });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f]{32}$/, `x-request-id on ${method} ${path}`);
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts the status and that the body matches the spec's response schema. */
function expectValid(operationId, res, status = 200) {
  assert.equal(res.status, status, `${operationId}: ${res.text}`);
  const contentType = res.headers.get("content-type");
  const errors = strict.validateResponse(operationId, res.status, contentType, res.json ?? (res.text === "" ? undefined : res.text));
  assert.deepEqual(errors, [], `${operationId} response breaks the spec: ${JSON.stringify(errors, null, 1)}\n${res.text}`);
  return res.json;
}

function parseSse(text) {
  return text
    .split("\n\n")
    .filter((b) => b.trim() !== "")
    .map((block) => {
      const ev = {};
      for (const line of block.split("\n")) {
        const i = line.indexOf(":");
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
        if (field === "data") ev.data = ev.data === undefined ? value : `${ev.data}\n${value}`;
        else ev[field] = value;
      }
      return ev;
    });
}

/** A streamed conversation call: its events, each checked against `ConversationEvents`. */
async function streamConversation(operationId, path, body, headers = {}) {
  const res = await call("POST", path, { body: { ...body, stream: true }, headers });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get("content-type"), /^text\/event-stream/);
  const events = parseSse(res.text).map((f) => {
    const data = JSON.parse(f.data);
    assert.equal(f.event, data.type, "the event line names the data's type");
    const errors = strict.validateResponse(operationId, 200, "text/event-stream", { event: f.event, data });
    assert.deepEqual(errors, [], `${f.event} breaks ConversationEvents: ${JSON.stringify(errors)}`);
    return data;
  });
  assert.equal(events[0].type, "conversation.response.started");
  assert.equal(events.at(-1).type, "conversation.response.done");
  assert.ok(events.at(-1).usage.total_tokens > 0);
  return events;
}

function joinedText(events, outputIndex = 0) {
  return events.filter((e) => e.type === "message.output.delta" && e.output_index === outputIndex).map((e) => e.content).join("");
}

async function readChunks(res, onChunk) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, error: null };
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      onChunk?.(chunk);
    }
  } catch (error) {
    return { text, error };
  }
}

async function openStream(body, headers = {}, signal) {
  return fetch(`${mock.url}/v1/conversations`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "mistral-medium-latest", inputs: "a long answer please", stream: true, ...body }),
    signal,
  });
}

async function waitFor(predicate, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] },
  },
};

// ---------------------------------------------------------------------------

describe("models", () => {
  it("lists, gets (by id and alias) and deletes a fine-tuned model", async () => {
    const list = expectValid("list_models_v1_models_get", await call("GET", "/v1/models"));
    assert.equal(list.object, "list");
    assert.ok(list.data.some((m) => m.id === "mistral-medium-latest"));
    const ft = list.data.find((m) => m.type === "fine-tuned");
    assert.ok(ft, "the catalogue has a fine-tuned model");

    const card = expectValid("retrieve_model_v1_models__model_id__get", await call("GET", "/v1/models/mistral-small-latest"));
    assert.equal(card.id, "mistral-small-latest");
    const byAlias = expectValid("retrieve_model_v1_models__model_id__get", await call("GET", `/v1/models/${card.aliases[0]}`));
    assert.equal(byAlias.id, card.id);
    expectValid("retrieve_model_v1_models__model_id__get", await call("GET", `/v1/models/${encodeURIComponent(ft.id)}`));

    assert.equal((await call("DELETE", "/v1/models/mistral-small-latest")).status, 403);
    const deleted = expectValid("delete_model_v1_models__model_id__delete", await call("DELETE", `/v1/models/${encodeURIComponent(ft.id)}`));
    assert.deepEqual(deleted, { id: ft.id, object: "model", deleted: true });
    assert.equal((await call("GET", `/v1/models/${encodeURIComponent(ft.id)}`)).status, 404);
  });

  it("filters by model", async () => {
    const list = expectValid("list_models_v1_models_get", await call("GET", "/v1/models?model=codestral-latest"));
    assert.deepEqual(list.data.map((m) => m.id), ["codestral-latest"]);
  });
});

describe("agents", () => {
  it("create, versions, aliases, list (pages and cursor), delete", async () => {
    const created = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", {
      body: { model: "mistral-medium-latest", name: "weather", instructions: "Be brief.", tools: [weatherTool, { type: "web_search" }], completion_args: { temperature: 0.2 }, metadata: { team: "a" } },
    }));
    assert.match(created.id, /^ag_[0-9a-f]{32}$/);
    assert.equal(created.version, 0);
    assert.deepEqual(created.versions, [0]);
    assert.equal(created.completion_args.temperature, 0.2);
    const id = created.id;

    const updated = expectValid("agents_api_v1_agents_update", await call("PATCH", `/v1/agents/${id}`, { body: { instructions: "Be verbose.", version_message: "louder" } }));
    assert.equal(updated.version, 1);
    assert.deepEqual(updated.versions, [0, 1]);
    assert.equal(updated.instructions, "Be verbose.");
    assert.equal(updated.name, "weather", "unchanged members carry over");
    assert.equal(updated.version_message, "louder");

    const v0 = expectValid("agents_api_v1_agents_get", await call("GET", `/v1/agents/${id}?agent_version=0`));
    assert.equal(v0.instructions, "Be brief.");
    const current = expectValid("agents_api_v1_agents_get", await call("GET", `/v1/agents/${id}`));
    assert.equal(current.version, 1);

    const switched = expectValid("agents_api_v1_agents_update_version", await call("PATCH", `/v1/agents/${id}/version?version=0`));
    assert.equal(switched.version, 0);
    assert.equal(expectValid("agents_api_v1_agents_get", await call("GET", `/v1/agents/${id}`)).version, 0);
    assert.equal((await call("PATCH", `/v1/agents/${id}/version?version=9`)).status, 404);

    const versions = expectValid("agents_api_v1_agents_list_versions", await call("GET", `/v1/agents/${id}/versions`));
    assert.deepEqual(versions.map((v) => v.version), [0, 1]);
    assert.equal(expectValid("agents_api_v1_agents_list_versions", await call("GET", `/v1/agents/${id}/versions?page=1&page_size=1`))[0].version, 1);
    assert.equal(expectValid("agents_api_v1_agents_get_version", await call("GET", `/v1/agents/${id}/versions/1`)).instructions, "Be verbose.");

    const alias = expectValid("agents_api_v1_agents_create_or_update_alias", await call("PUT", `/v1/agents/${id}/aliases?alias=prod&version=1`));
    assert.equal(alias.version, 1);
    const moved = expectValid("agents_api_v1_agents_create_or_update_alias", await call("PUT", `/v1/agents/${id}/aliases?alias=prod&version=0`));
    assert.equal(moved.created_at, alias.created_at, "re-pointing keeps created_at");
    expectValid("agents_api_v1_agents_create_or_update_alias", await call("PUT", `/v1/agents/${id}/aliases?alias=next&version=1`));
    assert.equal(expectValid("agents_api_v1_agents_get", await call("GET", `/v1/agents/${id}?agent_version=next`)).version, 1);
    assert.equal(expectValid("agents_api_v1_agents_get_version", await call("GET", `/v1/agents/${id}/versions/prod`)).version, 0);
    const aliases = expectValid("agents_api_v1_agents_list_version_aliases", await call("GET", `/v1/agents/${id}/aliases`));
    assert.deepEqual(aliases.map((a) => [a.alias, a.version]), [["prod", 0], ["next", 1]]);
    expectValid("agents_api_v1_agents_delete_alias", await call("DELETE", `/v1/agents/${id}/aliases?alias=next`), 204);
    assert.equal((await call("DELETE", `/v1/agents/${id}/aliases?alias=next`)).status, 404);
    assert.equal((await call("GET", `/v1/agents/${id}?agent_version=next`)).status, 404);

    const list = expectValid("agents_api_v1_agents_list", await call("GET", "/v1/agents?page=0&page_size=100"));
    assert.ok(list.some((a) => a.id === id));
    assert.deepEqual(expectValid("agents_api_v1_agents_list", await call("GET", "/v1/agents?name=weather")).map((a) => a.id).includes(id), true);

    expectValid("agents_api_v1_agents_delete", await call("DELETE", `/v1/agents/${id}`), 204);
    assert.equal((await call("GET", `/v1/agents/${id}`)).status, 404);
  });

  it("pages with an opaque cursor until next_page_token is null", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push(expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-small-latest", name: `pager-${i}` } })).id);
    }
    const seen = [];
    let token = null;
    let pages = 0;
    do {
      const q = `page_size=2${token ? `&page_token=${encodeURIComponent(token)}` : ""}`;
      const page = expectValid("agents_api_v1_agents_list_pages", await call("GET", `/v1/agents/pages?${q}`));
      assert.ok(page.data.length <= 2);
      seen.push(...page.data.map((a) => a.id));
      token = page.next_page_token;
      pages++;
    } while (token && pages < 100);
    for (const id of ids) assert.ok(seen.includes(id));
    assert.equal(new Set(seen).size, seen.length, "no agent twice");
    assert.equal((await call("GET", "/v1/agents/pages?page_token=garbage")).status, 400);
  });
});

describe("conversations", () => {
  it("start, get, history, messages, append, restart, list, delete (plain)", async () => {
    const started = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", {
      body: { model: "mistral-medium-latest", inputs: "hello there", name: "greeting", metadata: { suite: "plain" } },
    }));
    assert.match(started.conversation_id, /^conv_[0-9a-f]{32}$/);
    assert.equal(started.outputs.length, 1);
    assert.equal(started.outputs[0].type, "message.output");
    assert.equal(started.outputs[0].content, "You said: hello there");
    assert.ok(started.usage.total_tokens > 0);
    const id = started.conversation_id;

    const conv = expectValid("agents_api_v1_conversations_get", await call("GET", `/v1/conversations/${id}`));
    assert.equal(conv.model, "mistral-medium-latest");
    assert.equal(conv.name, "greeting");

    const appended = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, {
      body: { inputs: [{ type: "message.input", role: "user", content: [{ type: "text", text: "and again" }] }] },
    }));
    assert.equal(appended.conversation_id, id);
    assert.equal(appended.outputs[0].content, "You said: and again");

    const history = expectValid("agents_api_v1_conversations_history", await call("GET", `/v1/conversations/${id}/history`));
    assert.deepEqual(history.entries.map((e) => e.type), ["message.input", "message.output", "message.input", "message.output"]);
    assert.equal(history.entries[1].id, started.outputs[0].id);
    const messages = expectValid("agents_api_v1_conversations_messages", await call("GET", `/v1/conversations/${id}/messages`));
    assert.equal(messages.messages.length, 4);

    const restarted = expectValid("agents_api_v1_conversations_restart", await call("POST", `/v1/conversations/${id}/restart`, {
      body: { from_entry_id: history.entries[1].id, inputs: "something else" },
    }));
    assert.notEqual(restarted.conversation_id, id);
    const restartedHistory = expectValid("agents_api_v1_conversations_history", await call("GET", `/v1/conversations/${restarted.conversation_id}/history`));
    assert.deepEqual(restartedHistory.entries.map((e) => e.content).slice(0, 3), ["hello there", "You said: hello there", "something else"]);
    assert.equal((await call("POST", `/v1/conversations/${id}/restart`, { body: { from_entry_id: "msg_nope" } })).status, 404);

    const list = expectValid("agents_api_v1_conversations_list", await call("GET", "/v1/conversations?page=0&page_size=50"));
    assert.ok(list.some((c) => c.id === id));
    const filtered = expectValid("agents_api_v1_conversations_list", await call("GET", `/v1/conversations?metadata=${encodeURIComponent(JSON.stringify({ suite: "plain" }))}`));
    assert.ok(filtered.every((c) => c.metadata?.suite === "plain") && filtered.some((c) => c.id === id));

    expectValid("agents_api_v1_conversations_delete", await call("DELETE", `/v1/conversations/${id}`), 204);
    assert.equal((await call("GET", `/v1/conversations/${id}`)).status, 404);
    assert.equal((await call("POST", `/v1/conversations/${id}`, { body: { inputs: "x" } })).status, 404);
  });

  it("store: false answers without keeping the conversation", async () => {
    const res = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { model: "mistral-small-latest", inputs: "forget me", store: false } }));
    assert.equal((await call("GET", `/v1/conversations/${res.conversation_id}`)).status, 404);
  });

  it("an agent calls its function, then answers with the result", async () => {
    const agent = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-medium-latest", name: "fn", tools: [weatherTool] } }));
    const first = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { agent_id: agent.id, inputs: "use get_weather for Paris" } }));
    const fc = first.outputs[0];
    assert.equal(fc.type, "function.call");
    assert.equal(fc.name, "get_weather");
    assert.equal(fc.agent_id, agent.id);
    assert.deepEqual(JSON.parse(fc.arguments), { city: "use get_weather for Paris" });

    const conv = expectValid("agents_api_v1_conversations_get", await call("GET", `/v1/conversations/${first.conversation_id}`));
    assert.equal(conv.agent_id, agent.id);

    const second = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${first.conversation_id}`, {
      body: { inputs: [{ type: "function.result", tool_call_id: fc.tool_call_id, result: "{\"temp\":21}" }] },
    }));
    assert.equal(second.outputs[0].type, "message.output");
    assert.equal(second.outputs[0].content, 'get_weather returned {"temp":21}');

    const noTool = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${first.conversation_id}`, {
      body: { inputs: "use get_weather again", completion_args: { tool_choice: "none" } },
    }));
    assert.equal(noTool.outputs[0].type, "message.output", "tool_choice none suppresses the call");
  });

  it("streams start, append and restart with the real event sequence", async () => {
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", { model: "mistral-medium-latest", inputs: "stream me please" });
    const id = events[0].conversation_id;
    assert.equal(joinedText(events), "You said: stream me please");
    assert.ok(events.filter((e) => e.type === "message.output.delta").length > 2, "token by token");

    const history = expectValid("agents_api_v1_conversations_history", await call("GET", `/v1/conversations/${id}/history`));
    assert.equal(history.entries[1].content, "You said: stream me please", "the streamed answer is stored");
    assert.equal(history.entries[1].id, events[1].id);

    const appended = await streamConversation("agents_api_v1_conversations_append_stream", `/v1/conversations/${id}`, { inputs: "more" });
    assert.equal(appended[0].conversation_id, id);
    assert.equal(joinedText(appended), "You said: more");

    const restarted = await streamConversation("agents_api_v1_conversations_restart_stream", `/v1/conversations/${id}/restart`, { from_entry_id: history.entries[1].id, inputs: "fresh" });
    assert.notEqual(restarted[0].conversation_id, id);
    assert.equal(joinedText(restarted), "You said: fresh");
  });

  it("streams a function call as function.call.delta chunks", async () => {
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", {
      model: "mistral-medium-latest", inputs: "call get_weather", tools: [weatherTool],
    });
    const deltas = events.filter((e) => e.type === "function.call.delta");
    assert.ok(deltas.length >= 2);
    assert.ok(deltas.every((d) => d.name === "get_weather" && d.tool_call_id === deltas[0].tool_call_id));
    assert.deepEqual(JSON.parse(deltas.map((d) => d.arguments).join("")), { city: "call get_weather" });
  });

  it("a built-in tool runs as tool.execution then a message", async () => {
    const plain = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", {
      body: { model: "mistral-medium-latest", inputs: "search the news", tools: [{ type: "web_search" }] },
    }));
    assert.deepEqual(plain.outputs.map((o) => o.type), ["tool.execution", "message.output"]);
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", {
      model: "mistral-medium-latest", inputs: "search the news", tools: [{ type: "web_search" }],
    });
    const kinds = events.map((e) => e.type);
    assert.ok(kinds.indexOf("tool.execution.started") < kinds.indexOf("tool.execution.done"));
    assert.ok(kinds.indexOf("tool.execution.done") < kinds.indexOf("message.output.delta"));
    assert.equal(joinedText(events, 1), "Results from web_search for: search the news");
  });

  it("an agent hands off to another (server and client execution)", async () => {
    const b = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-large-latest", name: "expert" } }));
    const a = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-small-latest", name: "triage", handoffs: [b.id] } }));
    const server = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { agent_id: a.id, inputs: "please handoff" } }));
    assert.deepEqual(server.outputs.map((o) => o.type), ["agent.handoff", "message.output"]);
    assert.equal(server.outputs[0].next_agent_id, b.id);
    assert.equal(server.outputs[1].agent_id, b.id);
    const client = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { agent_id: a.id, inputs: "please handoff", handoff_execution: "client" } }));
    assert.deepEqual(client.outputs.map((o) => o.type), ["agent.handoff"]);
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", { agent_id: a.id, inputs: "transfer me" });
    const kinds = events.map((e) => e.type);
    assert.ok(kinds.includes("agent.handoff.started") && kinds.includes("agent.handoff.done"));
  });

  it("an agent conversation pinned to an alias uses that version", async () => {
    const agent = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-small-latest", name: "pin" } }));
    expectValid("agents_api_v1_agents_update", await call("PATCH", `/v1/agents/${agent.id}`, { body: { model: "mistral-large-latest" } }));
    expectValid("agents_api_v1_agents_create_or_update_alias", await call("PUT", `/v1/agents/${agent.id}/aliases?alias=old&version=0`));
    const res = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { agent_id: agent.id, agent_version: "old", inputs: "hi" } }));
    assert.equal(res.outputs[0].model, "mistral-small-latest");
    const conv = expectValid("agents_api_v1_conversations_get", await call("GET", `/v1/conversations/${res.conversation_id}`));
    assert.equal(conv.agent_version, "old");
    assert.equal((await call("POST", "/v1/conversations", { body: { agent_id: agent.id, agent_version: "nope", inputs: "hi" } })).status, 404);
    assert.equal((await call("POST", "/v1/conversations", { body: { agent_id: "ag_missing", inputs: "hi" } })).status, 404);
  });
});

describe("connectors", () => {
  it("create, get by id and name, update, tools, call, auth url, delete", async () => {
    const created = expectValid("connector_create_v1", await call("POST", "/v1/connectors", {
      body: { name: "docs_search", description: "Searches docs", server: "https://mcp.example.com/mcp", visibility: "private", auth_data: { client_id: "abc", client_secret: "shh" } },
    }), 201);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.ok(!created.text?.includes?.("shh"));
    assert.equal((await call("POST", "/v1/connectors", { body: { name: "docs_search", description: "dup", server: "https://x.example/mcp" } })).status, 409);

    assert.equal(expectValid("connector_get_v1", await call("GET", `/v1/connectors/${created.id}`)).name, "docs_search");
    assert.equal(expectValid("connector_get_v1", await call("GET", "/v1/connectors/docs_search")).id, created.id);

    const updated = expectValid("connector_update_v1", await call("PATCH", `/v1/connectors/${created.id}`, { body: { title: "Docs", description: "Searches the docs" } }));
    assert.equal(updated.title, "Docs");
    assert.ok(updated.modified_at > created.modified_at);

    const tools = expectValid("connector_list_tools_v1", await call("GET", "/v1/connectors/docs_search/tools"));
    assert.deepEqual(tools.map((t) => t.name), ["echo", "add"]);
    const echo = expectValid("connector_call_tool_v1", await call("POST", `/v1/connectors/${created.id}/tools/echo/call`, { body: { arguments: { text: "ping" } } }));
    assert.deepEqual(echo.content, [{ type: "text", text: "ping" }]);
    const sum = expectValid("connector_call_tool_v1", await call("POST", "/v1/connectors/docs_search/tools/add/call", { body: { arguments: { a: 2, b: 3 } } }));
    assert.equal(sum.content[0].text, "5");
    assert.deepEqual(sum.metadata.mcp_meta.structuredContent, { sum: 5 });
    const bad = expectValid("connector_call_tool_v1", await call("POST", "/v1/connectors/docs_search/tools/add/call", { body: { arguments: { a: "x" } } }));
    assert.equal(bad.metadata.mcp_meta.isError, true);
    assert.equal((await call("POST", "/v1/connectors/docs_search/tools/nope/call", { body: { arguments: {} } })).status, 404);

    const auth = expectValid("connector_get_auth_url_v1", await call("GET", `/v1/connectors/docs_search/auth_url?app_return_url=${encodeURIComponent("https://app.example/cb")}`));
    const authUrl = new URL(auth.auth_url);
    assert.equal(authUrl.origin, "https://mcp.example.com");
    assert.equal(authUrl.searchParams.get("redirect_uri"), "https://app.example/cb");

    const gone = expectValid("connector_delete_v1", await call("DELETE", `/v1/connectors/${created.id}`));
    assert.match(gone.message, /deleted/);
    assert.equal((await call("GET", `/v1/connectors/${created.id}`)).status, 404);
    assert.equal((await call("DELETE", `/v1/connectors/${created.id}`)).status, 404);
  });

  it("lists every connector once across cursor pages", async () => {
    const names = [];
    for (let i = 0; i < 5; i++) {
      const c = expectValid("connector_create_v1", await call("POST", "/v1/connectors", { body: { name: `paged_${i}`, description: "p", server: "https://mcp.example.com/mcp" } }), 201);
      names.push(c.name);
    }
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = expectValid("connector_list_v1", await call("GET", `/v1/connectors?page_size=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`));
      assert.equal(page.pagination.page_size, 2);
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((c) => c.name));
      cursor = page.pagination.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    for (const n of names) assert.ok(seen.includes(n), n);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(pages >= 3);
    assert.equal((await call("GET", "/v1/connectors?cursor=%%%")).status, 400);
  });
});

describe("chat completions", () => {
  const op = "chat_completion_v1_chat_completions_post";

  it("answers plain JSON", async () => {
    const res = expectValid(op, await call("POST", "/v1/chat/completions", { body: { model: "mistral-small-latest", messages: [{ role: "user", content: "hi chat" }] } }));
    assert.equal(res.object, "chat.completion");
    assert.equal(res.choices[0].message.content, "You said: hi chat");
    assert.equal(res.choices[0].finish_reason, "stop");
  });

  it("calls a tool and reads the tool's answer", async () => {
    const tools = [{ type: "function", function: weatherTool.function }];
    const first = expectValid(op, await call("POST", "/v1/chat/completions", { body: { model: "m", messages: [{ role: "user", content: "get_weather in Lyon" }], tools } }));
    const toolCall = first.choices[0].message.tool_calls[0];
    assert.equal(first.choices[0].finish_reason, "tool_calls");
    assert.equal(toolCall.function.name, "get_weather");
    const second = expectValid(op, await call("POST", "/v1/chat/completions", {
      body: {
        model: "m",
        tools,
        messages: [
          { role: "user", content: "get_weather in Lyon" },
          { role: "assistant", content: "", tool_calls: [toolCall] },
          { role: "tool", tool_call_id: toolCall.id, name: "get_weather", content: "sunny" },
        ],
      },
    }));
    assert.equal(second.choices[0].message.content, "get_weather returned sunny");
  });

  it("streams data: chunks ending with [DONE]", async () => {
    const res = await call("POST", "/v1/chat/completions", { body: { model: "mistral-small-latest", stream: true, messages: [{ role: "user", content: "stream chat" }] } });
    assert.equal(res.status, 200);
    const frames = parseSse(res.text);
    assert.ok(frames.every((f) => f.event === undefined), "no event: lines in chat streams");
    assert.equal(frames.at(-1).data, "[DONE]");
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.data));
    for (const chunk of chunks) assert.deepEqual(strict.validateResponse(op, 200, "text/event-stream", { data: chunk }), []);
    assert.equal(chunks.map((c) => c.choices[0].delta.content ?? "").join(""), "You said: stream chat");
    assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
    assert.ok(chunks.at(-1).usage.total_tokens > 0);
  });
});

describe("request validation (422)", () => {
  async function detail(method, path, body, opts = {}) {
    const res = await call(method, path, { body, ...opts });
    assert.equal(res.status, 422, res.text);
    assert.match(res.headers.get("content-type"), /application\/json/);
    assert.deepEqual(strict.validateResponse("agents_api_v1_agents_create", 422, "application/json", res.json), [], "an HTTPValidationError");
    return res.json.detail;
  }

  it("names a missing field", async () => {
    const d = await detail("POST", "/v1/agents", { model: "mistral-medium-latest" });
    assert.deepEqual(d.map((x) => [x.loc, x.type, x.msg]), [[["body", "name"], "missing", "Field required"]]);
  });

  it("names an unknown tool type by its tag", async () => {
    const d = await detail("POST", "/v1/conversations", { model: "m", inputs: "x", tools: [{ type: "teleport" }] });
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].loc, ["body", "tools", 0, "type"]);
    assert.equal(d[0].type, "union_tag_invalid");
    assert.match(d[0].msg, /'teleport'.*'function'/);
  });

  it("names a wrong type inside a nested union", async () => {
    const d = await detail("POST", "/v1/conversations", { model: "m", inputs: [{ role: "user", content: 42 }] });
    assert.ok(d.length >= 1);
    for (const x of d) assert.deepEqual(x.loc, ["body", "inputs", 0, "content"]);
    const d2 = await detail("POST", "/v1/conversations", { model: "m", inputs: 7 });
    assert.deepEqual([...new Set(d2.map((x) => x.type))].sort(), ["list_type", "string_type"]);
  });

  it("rejects extra members, bad ranges and bad formats", async () => {
    const extra = await detail("POST", "/v1/conversations/conv_x", { inputs: "x", surprise: true });
    assert.deepEqual(extra.map((x) => [x.loc, x.type]), [[["body", "surprise"], "extra_forbidden"]]);
    const range = await detail("POST", "/v1/agents", { model: "m", name: "n", completion_args: { temperature: 7 } });
    assert.deepEqual(range.map((x) => [x.loc, x.type]), [[["body", "completion_args", "temperature"], "less_than_equal"]]);
    const uri = await detail("POST", "/v1/connectors", { name: "x", description: "d", server: "not a url" });
    assert.deepEqual(uri.map((x) => x.loc), [["body", "server"]]);
  });

  it("rejects neither model nor agent_id", async () => {
    const d = await detail("POST", "/v1/conversations", { inputs: "x" });
    assert.deepEqual(d[0].loc, ["body"]);
    assert.match(d[0].msg, /model.*agent_id/);
  });

  it("rejects a missing body and broken JSON", async () => {
    assert.deepEqual((await detail("POST", "/v1/agents", undefined)).map((x) => [x.loc, x.type]), [[["body"], "missing"]]);
    const broken = await detail("POST", "/v1/agents", undefined, { raw: '{"model": ' });
    assert.equal(broken[0].type, "json_invalid");
    assert.equal(broken[0].loc[0], "body");
  });

  it("checks query and path parameters", async () => {
    const agent = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "m", name: "params" } }));
    const q = await detail("PATCH", `/v1/agents/${agent.id}/version?version=latest`);
    assert.deepEqual(q.map((x) => [x.loc, x.type]), [[["query", "version"], "int_parsing"]]);
    const missing = await detail("PUT", `/v1/agents/${agent.id}/aliases?alias=ok`);
    assert.deepEqual(missing.map((x) => [x.loc, x.type]), [[["query", "version"], "missing"]]);
    const pattern = await detail("PUT", `/v1/agents/${agent.id}/aliases?alias=Not-Valid!&version=0`);
    assert.deepEqual(pattern.map((x) => [x.loc, x.type]), [[["query", "alias"], "string_pattern_mismatch"]]);
    const uuidPath = await detail("PATCH", "/v1/connectors/not-a-uuid", { title: "x" });
    assert.deepEqual(uuidPath.map((x) => [x.loc, x.type]), [[["path", "connector_id"], "uuid_parsing"]]);
  });

  it("rejects stream: true sent to a chat request with a wrong message role", async () => {
    const d = await detail("POST", "/v1/chat/completions", { model: "m", stream: true, messages: [{ role: "robot", content: "x" }] });
    assert.deepEqual(d[0].loc, ["body", "messages", 0, "role"]);
  });
});

describe("auth, routing and CORS", () => {
  it("401 without a key, with an empty key, with another scheme, and for bad-key", async () => {
    for (const authorization of [undefined, "Bearer ", "Basic dXNlcjpwYXNz", "Bearer bad-key"]) {
      const res = await call("GET", "/v1/models", { key: null, headers: authorization ? { authorization } : {} });
      assert.equal(res.status, 401, String(authorization));
      assert.equal(res.json.object, "error");
      assert.equal(res.json.message, "Unauthorized");
      assert.ok(!res.text.includes("bad-key"), "the key is not echoed");
    }
  });

  it("404 JSON for an unknown path, 405 for a wrong method", async () => {
    const unknown = await call("GET", "/v1/nothing-here");
    assert.equal(unknown.status, 404);
    assert.ok(unknown.json, "a JSON body");
    const elsewhere = await call("GET", "/favicon.ico", { key: null });
    assert.equal(elsewhere.status, 404);
    const wrong = await call("PUT", "/v1/models");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "GET");
  });

  it("answers CORS preflights and exposes the headers clients read", async () => {
    const pre = await fetch(`${mock.url}/v1/conversations`, {
      method: "OPTIONS",
      headers: { origin: "http://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,x-mock-fault" },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "*");
    assert.equal(pre.headers.get("access-control-allow-headers"), "authorization,content-type,x-mock-fault");
    assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
    assert.match(pre.headers.get("access-control-allow-methods"), /PATCH/);
    assert.ok(pre.headers.get("x-request-id"));

    const res = await call("GET", "/v1/models", { headers: { origin: "http://app.example" } });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const exposed = res.headers.get("access-control-expose-headers").split(/,\s*/);
    for (const h of ["retry-after", "x-request-id"]) assert.ok(exposed.includes(h), h);
    const denied = await call("GET", "/v1/models", { key: "bad-key" });
    assert.equal(denied.headers.get("access-control-allow-origin"), "*", "errors carry CORS headers too");
  });
});

describe("faults", () => {
  it("rate_limit: 429 with Retry-After for the first `times` requests of a key, then success", async () => {
    const { key, headers } = fault("kind=rate_limit&times=1&retry_after=2");
    const first = await call("GET", "/v1/models", { headers });
    assert.equal(first.status, 429);
    assert.equal(first.headers.get("retry-after"), "2");
    assert.equal(first.json.object, "error");
    const second = await call("GET", "/v1/models", { headers });
    expectValid("list_models_v1_models_get", second);
    assert.equal(mock.stats().countsByKey[key], 2);
  });

  it("times=N counts per key", async () => {
    const a = fault("kind=server_error&times=2");
    const b = fault("kind=server_error&times=2");
    const statuses = [];
    for (const h of [a, b, a, b, a, b]) statuses.push((await call("GET", "/v1/models", { headers: h.headers })).status);
    assert.deepEqual(statuses, [500, 500, 500, 500, 200, 200]);
  });

  it("server_error: 500 by default, or the given 5xx, with a JSON body", async () => {
    const plain = await call("POST", "/v1/conversations", { body: { model: "m", inputs: "x" }, headers: fault("kind=server_error").headers });
    assert.equal(plain.status, 500);
    assert.equal(plain.json.object, "error");
    const unavailable = await call("GET", "/v1/models", { headers: fault("kind=server_error&status=503").headers });
    assert.equal(unavailable.status, 503);
    assert.ok(unavailable.json.message);
  });

  it("html_error: 502 with an HTML page", async () => {
    const res = await call("GET", "/v1/models", { headers: fault("kind=html_error").headers });
    assert.equal(res.status, 502);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    assert.match(res.text, /<html/);
    assert.equal(res.json, undefined);
  });

  it("reset_mid_stream: N events, then the connection drops", async () => {
    const res = await openStream({}, fault("kind=reset_mid_stream&after=2").headers);
    const { text, error } = await readChunks(res);
    assert.ok(error, "the body read fails");
    assert.equal(parseSse(text).length, 2);
    assert.ok(text.endsWith("\n\n"));
    await assert.rejects(call("GET", "/v1/models", { headers: fault("kind=reset_mid_stream").headers }), "a plain call loses its connection");
  });

  it("truncate: the stream ends in the middle of an event", async () => {
    const res = await openStream({}, fault("kind=truncate").headers);
    const { text, error } = await readChunks(res);
    assert.equal(error, null, "a clean end of body");
    assert.ok(!text.endsWith("\n\n"), "the last event is cut");
    const frames = text.split("\n\n");
    assert.ok(frames.length >= 2);
    assert.doesNotThrow(() => JSON.parse(parseSse(frames[0])[0].data));
    const plain = await call("GET", "/v1/models", { headers: fault("kind=truncate").headers });
    assert.equal(plain.status, 200);
    assert.throws(() => JSON.parse(plain.text));
  });

  it("drip: every event arrives after delay_ms", async () => {
    const res = await openStream({ inputs: "one two three" }, fault("kind=drip&delay_ms=120").headers);
    const arrivals = [];
    const started = Date.now();
    const { text, error } = await readChunks(res, () => arrivals.push(Date.now()));
    assert.equal(error, null);
    const events = parseSse(text);
    assert.equal(events.at(-1).event, "conversation.response.done");
    assert.ok(Date.now() - started >= events.length * 120 - 30, "the whole stream took at least n * delay");
    // The median gap, not every gap: a busy test process may read two chunks late together.
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]).sort((a, b) => a - b);
    assert.ok(gaps.length >= 3, `${arrivals.length} separate arrivals`);
    assert.ok(gaps[Math.floor(gaps.length / 2)] >= 80, `gaps ${gaps.join(", ")} ms`);
  });

  it("stall: the first event, then silence until the client leaves", async () => {
    const controller = new AbortController();
    const res = await openStream({}, fault("kind=stall").headers, controller.signal);
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /conversation\.response\.started/);
    const next = await Promise.race([reader.read().then(() => "data"), new Promise((r) => setTimeout(() => r("silence"), 300))]);
    assert.equal(next, "silence");
    assert.equal(mock.stats().openStreams >= 1, true);
    controller.abort();
    await waitFor(() => mock.stats().openStreams === 0, "the stalled stream to be released");
  });

  it("malformed_json: one unparseable event in the middle, the rest intact", async () => {
    const res = await openStream({}, fault("kind=malformed_json").headers);
    const { text } = await readChunks(res);
    const frames = parseSse(text);
    const bad = frames.map((f, i) => [i, f]).filter(([, f]) => {
      try {
        JSON.parse(f.data);
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(bad.length, 1);
    assert.ok(bad[0][0] > 0 && bad[0][0] < frames.length - 1, "in the middle");
    assert.equal(JSON.parse(frames.at(-1).data).type, "conversation.response.done");
  });

  it("slow_headers: nothing until delay_ms has passed", async () => {
    const started = Date.now();
    const res = await call("GET", "/v1/models", { headers: fault("kind=slow_headers&delay_ms=300").headers });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 290);
  });

  it("a client that gives up during slow_headers leaves nothing behind", async () => {
    const { key, headers } = fault("kind=slow_headers&delay_ms=5000");
    await assert.rejects(call("GET", "/v1/models", { headers, signal: AbortSignal.timeout(150) }));
    await waitFor(() => mock.stats().requests.some((r) => r.faultKey === key), "the request to be recorded");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(mock.stats().requests.find((r) => r.faultKey === key).status, null, "never answered");
  });

  it("an unknown kind or a bad number is a 400", async () => {
    assert.equal((await call("GET", "/v1/models", { headers: { "x-mock-fault": "kind=meteor" } })).status, 400);
    assert.equal((await call("GET", "/v1/models", { headers: { "x-mock-fault": "kind=drip&delay_ms=soon" } })).status, 400);
  });
});

describe("stats and reset", () => {
  it("openStreams drops when a client aborts mid-stream", async () => {
    const controller = new AbortController();
    const { key, headers } = fault("kind=drip&delay_ms=200");
    const res = await openStream({}, headers, controller.signal);
    const reader = res.body.getReader();
    assert.equal((await reader.read()).done, false);
    const during = await call("GET", "/_mock/stats", { key: null });
    assert.equal(during.json.openStreams, 1);
    controller.abort();
    await waitFor(async () => (await call("GET", "/_mock/stats", { key: null })).json.openStreams === 0, "openStreams to drop");
    const stats = (await call("GET", "/_mock/stats", { key: null })).json;
    assert.deepEqual(stats.requests.filter((r) => r.faultKey === key), [{ method: "POST", path: "/v1/conversations", faultKey: key, status: 200 }]);
    assert.equal(stats.countsByKey[key], 1);
  });

  it("POST /_mock/reset forgets state, requests and counters", async () => {
    const local = await startMockMistral();
    try {
      const agent = (await call("POST", "/v1/agents", { base: local.url, body: { model: "m", name: "r" } })).json;
      await call("GET", "/v1/models", { base: local.url, headers: fault("kind=rate_limit&times=0").headers });
      assert.equal(local.stats().requests.length, 2);
      const res = await call("POST", "/_mock/reset", { base: local.url, key: null });
      assert.deepEqual(res.json, { ok: true });
      assert.deepEqual(local.stats(), { openStreams: 0, requests: [], countsByKey: {} });
      assert.equal((await call("GET", `/v1/agents/${agent.id}`, { base: local.url })).status, 404);
    } finally {
      await local.close();
    }
  });
});

describe("lifecycle", () => {
  it("close() ends open streams and stops listening", async (t) => {
    const local = await startMockMistral();
    t.after(() => local.close());
    const res = await fetch(`${local.url}/v1/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "x-mock-fault": "kind=stall" },
      body: JSON.stringify({ model: "m", inputs: "x", stream: true }),
    });
    const reader = res.body.getReader();
    await reader.read();
    await local.close();
    await assert.rejects(reader.read(), "the held stream is cut");
    await assert.rejects(fetch(`${local.url}/v1/models`), "nothing listens any more");
    await local.close(); // idempotent
  });

  it("logs nothing about keys when given a log function", async () => {
    const lines = [];
    const local = await startMockMistral({ log: (l) => lines.push(l) });
    try {
      await call("GET", "/v1/models", { base: local.url, key: "sk-very-secret" });
      await call("POST", "/v1/agents", { base: local.url, key: "sk-very-secret", body: { model: "m" } });
    } finally {
      await local.close();
    }
    assert.ok(lines.length >= 2);
    assert.ok(lines.every((l) => !l.includes("sk-very-secret")), lines.join("\n"));
  });
});

describe("CLI", () => {
  const cli = fileURLToPath(new URL("../support/mock-mistral-cli.mjs", import.meta.url));

  async function launch(args = []) {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    const lines = createInterface({ input: child.stdout });
    const out = [];
    const ready = new Promise((resolve, reject) => {
      lines.on("line", (l) => {
        out.push(l);
        if (out.length === 1) resolve(l);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code} before ready`)));
    });
    const line = await ready;
    return { child, line, out };
  }

  it("prints one MOCK_MISTRAL_URL line, serves, and exits when stdin closes", async (t) => {
    const { child, line, out } = await launch();
    t.after(() => child.exitCode === null && child.kill("SIGKILL"));
    const m = /^MOCK_MISTRAL_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    assert.ok(m, line);
    expectValid("list_models_v1_models_get", await call("GET", "/v1/models", { base: m[1] }));
    const exited = once(child, "exit");
    child.stdin.end();
    const [code] = await exited;
    assert.equal(code, 0);
    assert.deepEqual(out, [line], "exactly one line on stdout");
  });

  it("exits on SIGTERM", async (t) => {
    const { child, line } = await launch(["--log"]);
    t.after(() => child.exitCode === null && child.kill("SIGKILL"));
    const url = line.split("=")[1];
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await call("GET", "/v1/models", { base: url, key: "sk-cli-secret" });
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0);
    assert.match(stderr, /GET \/v1\/models -> 200/);
    assert.ok(!stderr.includes("sk-cli-secret"));
  });
});
