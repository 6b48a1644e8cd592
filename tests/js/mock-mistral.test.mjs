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

describe("scripted turns (/_mock/script) and the function-call protocol checks", () => {
  let scriptSeq = 0;
  /** Queues `turns` under a fresh key; returns the header that selects them. */
  async function script(turns) {
    const key = `s${process.pid}-${++scriptSeq}`;
    const res = await call("POST", "/_mock/script", { key: null, body: { key, turns } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { ok: true, key, queued: turns.length });
    return { key, headers: { "x-mock-script": key } };
  }
  const say = (text) => ({ outputs: [{ type: "message", text }] });
  const result = (tool_call_id, value) => ({ type: "function.result", tool_call_id, result: value });
  async function violationsOf(conversationId) {
    const stats = (await call("GET", "/_mock/stats", { key: null })).json;
    return stats.functionResults.violations.filter((v) => v.conversation_id === conversationId);
  }
  async function history(id) {
    return expectValid("agents_api_v1_conversations_history", await call("GET", `/v1/conversations/${id}/history`)).entries;
  }

  it("consumes each key's turns in order across start, append and restart (plain and streamed), then falls back", async () => {
    const a = await script([say("one"), say("two"), say("three")]);
    const b = await script([say("bee")]);
    // A second POST under the same key queues after the first.
    const more = await call("POST", "/_mock/script", { key: null, body: { key: a.key, turns: [say("four")] } });
    assert.deepEqual(more.json, { ok: true, key: a.key, queued: 4 });

    const first = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers: a.headers, body: { model: "mistral-medium-latest", inputs: "hi" } }));
    assert.equal(first.outputs[0].content, "one");
    const other = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers: b.headers, body: { model: "mistral-medium-latest", inputs: "hi" } }));
    assert.equal(other.outputs[0].content, "bee");
    const id = first.conversation_id;
    const second = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs: "next" } }));
    assert.equal(second.outputs[0].content, "two", "the conversation remembers its key without the header");
    const third = await streamConversation("agents_api_v1_conversations_append_stream", `/v1/conversations/${id}`, { inputs: "next" });
    assert.equal(joinedText(third), "three");
    assert.ok(third.filter((e) => e.type === "message.output.delta").length >= 1);
    const restarted = await streamConversation("agents_api_v1_conversations_restart_stream", `/v1/conversations/${id}/restart`, { from_entry_id: first.outputs[0].id, inputs: "again" });
    assert.equal(joinedText(restarted), "four", "a restart takes from the same queue");
    const fallback = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs: "and now?" } }));
    assert.equal(fallback.outputs[0].content, "You said: and now?", "an empty queue leaves the usual model");
    const stats = (await call("GET", "/_mock/stats", { key: null })).json;
    assert.equal(stats.scripts[a.key], undefined);
    assert.equal(stats.scripts[b.key], undefined);
  });

  it("a run of 3 scripted turns (parallel calls, invalid JSON verbatim, then a message) through start + 2 appends", async () => {
    const broken = '{"city": "Par';
    const { headers } = await script([
      { outputs: [
        { type: "function.call", name: "get_weather", arguments: { city: "Paris", days: 2 }, tool_call_id: "callPar01" },
        { type: "function.call", name: "get_weather", arguments: broken },
      ] },
      { outputs: [{ type: "function.call", name: "lookup", arguments: "{}" }] },
      { outputs: [{ type: "message", text: "Sunny in Paris." }], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
    ]);
    const t1 = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers, body: { model: "mistral-medium-latest", inputs: "weather?", tools: [weatherTool] } }));
    assert.deepEqual(t1.outputs.map((o) => [o.type, o.name]), [["function.call", "get_weather"], ["function.call", "get_weather"]]);
    assert.equal(t1.outputs[0].tool_call_id, "callPar01");
    assert.equal(t1.outputs[0].arguments, '{"city":"Paris","days":2}', "an object is JSON-encoded");
    assert.equal(t1.outputs[1].arguments, broken, "a string is sent verbatim, even invalid JSON");
    assert.match(t1.outputs[1].tool_call_id, /^[A-Za-z0-9]{9}$/, "a generated id");
    assert.notEqual(t1.outputs[0].id, t1.outputs[1].id);
    const id = t1.conversation_id;

    const t2 = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, {
      body: { inputs: [result("callPar01", "21C"), result(t1.outputs[1].tool_call_id, "error: bad JSON")] },
    }));
    assert.deepEqual(t2.outputs.map((o) => [o.type, o.name, o.arguments]), [["function.call", "lookup", "{}"]]);
    const t3 = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs: [result(t2.outputs[0].tool_call_id, "ok")] } }));
    assert.deepEqual(t3.outputs.map((o) => [o.type, o.content]), [["message.output", "Sunny in Paris."]]);
    assert.deepEqual(t3.usage, { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }, "scripted usage");

    const entries = await history(id);
    assert.deepEqual(entries.map((e) => e.type), ["message.input", "function.call", "function.call", "function.result", "function.result", "function.call", "function.result", "message.output"]);
    assert.equal(entries[2].arguments, broken);
    assert.deepEqual([entries[3].tool_call_id, entries[6].tool_call_id], ["callPar01", t2.outputs[0].tool_call_id]);
    const messages = expectValid("agents_api_v1_conversations_messages", await call("GET", `/v1/conversations/${id}/messages`));
    assert.deepEqual(messages.messages.map((m) => m.type), ["message.input", "message.output"]);
    assert.deepEqual(await violationsOf(id), [], "a well-behaved run records nothing");
  });

  it("streams scripted calls as function.call.delta events whose arguments join to the scripted text", async () => {
    const broken = '{"query": "a long search that never closes", "limit": 1';
    const { headers } = await script([{ outputs: [
      { type: "function.call", name: "search_docs", arguments: broken, tool_call_id: "stream001" },
      { type: "function.call", name: "get_weather", arguments: { city: "Oslo" } },
      { type: "tool.execution", name: "web_search", arguments: { query: "oslo" } },
      { type: "message", text: "Here is what I found about Oslo." },
    ] }]);
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", { model: "mistral-medium-latest", inputs: "go" }, headers);
    const deltas = (i) => events.filter((e) => e.type === "function.call.delta" && e.output_index === i);
    assert.ok(deltas(0).length >= 3, "arguments arrive in several deltas");
    assert.equal(deltas(0).map((d) => d.arguments).join(""), broken);
    assert.ok(deltas(0).every((d) => d.tool_call_id === "stream001" && d.name === "search_docs" && d.confirmation_status === undefined));
    assert.equal(deltas(1).map((d) => d.arguments).join(""), '{"city":"Oslo"}');
    assert.ok(deltas(1).every((d) => d.tool_call_id === deltas(1)[0].tool_call_id && d.tool_call_id !== "stream001"));
    const kinds = events.map((e) => e.type);
    assert.ok(kinds.indexOf("tool.execution.started") > kinds.lastIndexOf("function.call.delta"));
    assert.equal(events.find((e) => e.type === "tool.execution.started").output_index, 2);
    assert.equal(joinedText(events, 3), "Here is what I found about Oslo.");
    const entries = await history(events[0].conversation_id);
    assert.deepEqual(entries.slice(1).map((e) => e.type), ["function.call", "function.call", "tool.execution", "message.output"], "the streamed turn is stored");
    assert.equal(entries[1].arguments, broken);
  });

  it("a scripted handoff ends the turn, streams agent.handoff.*, and the next agent speaks after it", async () => {
    const expert = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-large-latest", name: "expert2" } }));
    const triage = expectValid("agents_api_v1_agents_create", await call("POST", "/v1/agents", { body: { model: "mistral-small-latest", name: "triage2", handoffs: [expert.id] } }));
    const { headers } = await script([
      { outputs: [{ type: "message", text: "Transferring you." }, { type: "agent.handoff", next_agent_id: expert.id }] },
      say("Expert here."),
      { outputs: [{ type: "agent.handoff", next_agent_id: "ag_elsewhere", next_agent_name: "remote" }] },
    ]);
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", { agent_id: triage.id, inputs: "help" }, headers);
    const started = events.find((e) => e.type === "agent.handoff.started");
    const done = events.find((e) => e.type === "agent.handoff.done");
    assert.deepEqual([started.previous_agent_id, started.previous_agent_name, started.output_index], [triage.id, "triage2", 1]);
    assert.deepEqual([done.next_agent_id, done.next_agent_name], [expert.id, "expert2"]);
    assert.equal(events.at(-2).type, "agent.handoff.done", "nothing after the handoff in that turn");
    const id = events[0].conversation_id;
    const after = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs: "my question" } }));
    assert.deepEqual([after.outputs[0].content, after.outputs[0].agent_id, after.outputs[0].model], ["Expert here.", expert.id, "mistral-large-latest"]);
    assert.equal(expectValid("agents_api_v1_conversations_get", await call("GET", `/v1/conversations/${id}`)).agent_id, expert.id);
    const away = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs: "more" } }));
    assert.deepEqual(away.outputs.map((o) => [o.type, o.previous_agent_id, o.next_agent_id, o.next_agent_name]), [["agent.handoff", expert.id, "ag_elsewhere", "remote"]]);
    const bad = await call("POST", "/_mock/script", { key: null, body: { key: "bad-handoff", turns: [{ outputs: [{ type: "agent.handoff", next_agent_id: "x" }, { type: "message", text: "late" }] }] } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.detail, /turns\[0\]\.outputs\[0\].*last output/);
  });

  it("a call pending confirmation: allowed runs it on the server, denied gets a message, both stored", async () => {
    const pending = (id) => ({ outputs: [{ type: "confirmation_pending", name: "gmail_search", arguments: { q: "latest" }, tool_call_id: id }] });
    const tag = `${process.pid}${scriptSeq}`.slice(-4).padStart(4, "0");
    const { headers } = await script([pending(`allow${tag}`)]);
    const first = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers, body: { model: "mistral-medium-latest", inputs: "latest email?" } }));
    assert.deepEqual(first.outputs.map((o) => [o.type, o.name, o.confirmation_status, o.arguments]), [["function.call", "gmail_search", "pending", '{"q":"latest"}']]);
    const id = first.conversation_id;
    const allowed = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { tool_confirmations: [{ tool_call_id: `allow${tag}`, confirmation: "allow" }] } }));
    assert.deepEqual(allowed.outputs.map((o) => o.type), ["tool.execution", "message.output"]);
    assert.deepEqual([allowed.outputs[0].name, allowed.outputs[0].arguments], ["gmail_search", '{"q":"latest"}']);
    assert.equal(allowed.outputs[1].content, "gmail_search was allowed and ran");
    assert.equal((await history(id))[1].confirmation_status, "allowed");
    const again = await call("POST", `/v1/conversations/${id}`, { body: { tool_confirmations: [{ tool_call_id: `allow${tag}`, confirmation: "deny" }] } });
    assert.equal(again.status, 422, "a call confirmed already");
    assert.deepEqual(again.json.detail[0].loc, ["body", "tool_confirmations", 0, "tool_call_id"]);
    const unknown = await call("POST", `/v1/conversations/${id}`, { body: { tool_confirmations: [{ tool_call_id: "nope", confirmation: "allow" }] } });
    assert.equal(unknown.status, 422);

    // Streamed: the deltas carry the pending status; then a denial, with a scripted turn after it.
    const denied = await script([pending(`deny0${tag}`), say("Fine, I will not search.")]);
    const events = await streamConversation("agents_api_v1_conversations_start_stream", "/v1/conversations", { model: "mistral-medium-latest", inputs: "latest email?" }, denied.headers);
    const deltas = events.filter((e) => e.type === "function.call.delta");
    assert.ok(deltas.length >= 2 && deltas.every((d) => d.confirmation_status === "pending"));
    const cid = events[0].conversation_id;
    const answer = await streamConversation("agents_api_v1_conversations_append_stream", `/v1/conversations/${cid}`, { tool_confirmations: [{ tool_call_id: `deny0${tag}`, confirmation: "deny" }] });
    assert.ok(!answer.some((e) => e.type.startsWith("tool.execution")), "a denied call never runs");
    assert.equal(joinedText(answer), "Fine, I will not search.");
    assert.equal((await history(cid))[1].confirmation_status, "denied");

    const plain = await script([pending(`deny1${tag}`)]);
    const p = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers: plain.headers, body: { model: "mistral-medium-latest", inputs: "x" } }));
    const no = expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${p.conversation_id}`, { body: { tool_confirmations: [{ tool_call_id: `deny1${tag}`, confirmation: "deny" }] } }));
    assert.deepEqual(no.outputs.map((o) => [o.type, o.content]), [["message.output", "gmail_search was denied by the user"]]);
    for (const c of [id, cid, p.conversation_id]) assert.deepEqual(await violationsOf(c), []);
  });

  it("records duplicate, unknown and missing function results (and an unconfirmed pending call)", async () => {
    const { headers } = await script([
      { outputs: [{ type: "function.call", name: "a", arguments: "{}", tool_call_id: "dupA00001" }, { type: "function.call", name: "b", arguments: "{}", tool_call_id: "dupB00001" }] },
    ]);
    const start = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers, body: { model: "mistral-medium-latest", inputs: "go" } }));
    const id = start.conversation_id;
    const appendInputs = async (inputs) => expectValid("agents_api_v1_conversations_append", await call("POST", `/v1/conversations/${id}`, { body: { inputs } }));
    await appendInputs([result("dupA00001", "1")]);
    assert.deepEqual(await violationsOf(id), [{ conversation_id: id, tool_call_id: "dupB00001", problem: "missing" }]);
    await appendInputs([result("dupA00001", "again"), result("nope00001", "?"), result("dupB00001", "2")]);
    assert.deepEqual((await violationsOf(id)).slice(1), [
      { conversation_id: id, tool_call_id: "dupA00001", problem: "duplicate" },
      { conversation_id: id, tool_call_id: "nope00001", problem: "unknown" },
    ]);
    await appendInputs("all answered now");
    assert.equal((await violationsOf(id)).length, 3, "no call left open");
    // A result for a call of another conversation is unknown here.
    const other = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { body: { model: "mistral-medium-latest", inputs: "x" } }));
    await call("POST", `/v1/conversations/${other.conversation_id}`, { body: { inputs: [result("dupA00001", "1")] } });
    assert.deepEqual(await violationsOf(other.conversation_id), [{ conversation_id: other.conversation_id, tool_call_id: "dupA00001", problem: "unknown" }]);

    const pend = await script([{ outputs: [{ type: "confirmation_pending", name: "send_mail", arguments: "{}", tool_call_id: "pend00001" }] }]);
    const p = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers: pend.headers, body: { model: "mistral-medium-latest", inputs: "mail" } }));
    await call("POST", `/v1/conversations/${p.conversation_id}`, { body: { inputs: [result("pend00001", "sent")] } });
    assert.deepEqual((await violationsOf(p.conversation_id)).map((v) => [v.tool_call_id, v.problem]), [["pend00001", "unknown"], ["pend00001", "missing"]],
      "a pending server call takes a confirmation, not a result");
  });

  it("accepts completion_args.response_format json_schema and returns the scripted text as is", async () => {
    const text = '{"name":"Dune","authors":["Frank Herbert"]}';
    const { headers } = await script([say(text)]);
    const response_format = {
      type: "json_schema",
      json_schema: { name: "book", strict: true, schema: { type: "object", properties: { name: { type: "string" }, authors: { type: "array", items: { type: "string" } } }, required: ["name", "authors"], additionalProperties: false } },
    };
    const res = expectValid("agents_api_v1_conversations_start", await call("POST", "/v1/conversations", { headers, body: { model: "mistral-medium-latest", inputs: "a book", completion_args: { response_format } } }));
    assert.equal(res.outputs[0].content, text);
    const conv = expectValid("agents_api_v1_conversations_get", await call("GET", `/v1/conversations/${res.conversation_id}`));
    assert.deepEqual(conv.completion_args.response_format, response_format);
    const appended = await call("POST", `/v1/conversations/${res.conversation_id}`, { body: { inputs: "again", completion_args: { response_format } } });
    assert.equal(appended.status, 200, appended.text);
    const bad = await call("POST", "/v1/conversations", { body: { model: "m", inputs: "x", completion_args: { response_format: { type: "json_schema", json_schema: { schema: {} } } } } });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.detail.some((d) => d.loc.join(".").startsWith("body.completion_args.response_format") && d.loc.at(-1) === "name"), JSON.stringify(bad.json.detail));
  });

  it("rejects a malformed script with a 400 naming the field", async () => {
    const cases = [
      [{ turns: [] }, /^key/],
      [{ key: "k", turns: {} }, /^turns/],
      [{ key: "k", turns: [{ outputs: [] }] }, /turns\[0\]\.outputs/],
      [{ key: "k", turns: [{ outputs: [{ type: "teleport" }] }] }, /turns\[0\]\.outputs\[0\]\.type/],
      [{ key: "k", turns: [{ outputs: [{ type: "function.call", name: "f", arguments: 3 }] }] }, /outputs\[0\]\.arguments/],
      [{ key: "k", turns: [{ outputs: [{ type: "function.call", name: "f", tool_call_id: "x" }, { type: "function.call", name: "g", tool_call_id: "x" }] }] }, /unique/],
      [{ key: "k", turns: [say("x"), { outputs: [{ type: "message", text: "y" }], usage: { tokens: 1 } }] }, /turns\[1\]\.usage\.tokens/],
    ];
    for (const [body, pattern] of cases) {
      const res = await call("POST", "/_mock/script", { key: null, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.detail, pattern);
    }
    const notJson = await call("POST", "/_mock/script", { key: null, raw: "{" });
    assert.equal(notJson.status, 400);
    assert.equal((await call("GET", "/_mock/stats", { key: null })).json.scripts.k, undefined, "nothing queued by a rejected script");
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
      await call("POST", "/_mock/script", { base: local.url, key: null, body: { key: "k", turns: [{ outputs: [{ type: "message", text: "x" }] }] } });
      const conv = (await call("POST", "/v1/conversations", { base: local.url, body: { model: "m", inputs: "hi" } })).json;
      await call("POST", `/v1/conversations/${conv.conversation_id}`, { base: local.url, body: { inputs: [{ type: "function.result", tool_call_id: "nope", result: "1" }] } });
      const before = local.stats();
      assert.equal(before.requests.length, 4);
      assert.deepEqual(before.scripts, { k: 1 });
      assert.equal(before.functionResults.violations.length, 1);
      const res = await call("POST", "/_mock/reset", { base: local.url, key: null });
      assert.deepEqual(res.json, { ok: true });
      assert.deepEqual(local.stats(), { openStreams: 0, requests: [], countsByKey: {}, scripts: {}, functionResults: { violations: [] } });
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
