// Every `client.conversations` method against the mock's scripted model,
// which echoes the last user message ("You said: <text>"), so every answer
// is predictable.

const MODEL = "mistral-small-latest";

export const conversationCases = [
  {
    name: "conversations: start, append, get, history, messages",
    async run({ client, assert, textOf }) {
      const c = client();
      const started = await c.conversations.start({ model: MODEL, inputs: "Hello e2e", name: "e2e-chat", stream: false });
      assert.equal(started.object, "conversation.response");
      assert.equal(typeof started.conversation_id, "string");
      assert.equal(started.outputs.length, 1);
      assert.equal(started.outputs[0].type, "message.output");
      assert.equal(textOf(started.outputs[0].content), "You said: Hello e2e");
      assert.ok(started.usage.total_tokens > 0, "usage is reported");

      const id = started.conversation_id;
      const appended = await c.conversations.append(id, { inputs: "second turn" });
      assert.equal(appended.conversation_id, id);
      assert.equal(textOf(appended.outputs[0].content), "You said: second turn");

      const got = await c.conversations.get(id);
      assert.equal(got.id, id);
      assert.equal(got.model, MODEL);
      assert.equal(got.name, "e2e-chat");

      const history = await c.conversations.history(id);
      assert.equal(history.conversation_id, id);
      assert.deepEqual(history.entries.map((e) => e.type), ["message.input", "message.output", "message.input", "message.output"]);
      assert.equal(textOf(history.entries[2].content), "second turn");

      const messages = await c.conversations.messages(id);
      assert.equal(messages.conversation_id, id);
      assert.deepEqual(messages.messages.map((m) => textOf(m.content)), ["Hello e2e", "You said: Hello e2e", "second turn", "You said: second turn"]);
      await c.conversations.delete(id);
    },
  },
  {
    name: "conversations: restart from an entry keeps the history up to it",
    async run({ client, assert, textOf }) {
      const c = client();
      const { conversation_id: id } = await c.conversations.start({ model: MODEL, inputs: "one" });
      await c.conversations.append(id, { inputs: "two" });
      const { entries } = await c.conversations.history(id);
      const restarted = await c.conversations.restart(id, { from_entry_id: entries[1].id, inputs: "again" });
      assert.notEqual(restarted.conversation_id, id, "a restart is a new conversation");
      assert.equal(textOf(restarted.outputs[0].content), "You said: again");
      const h = await c.conversations.history(restarted.conversation_id);
      assert.deepEqual(h.entries.map((e) => textOf(e.content)), ["one", "You said: one", "again", "You said: again"]);
      await c.conversations.delete(id);
      await c.conversations.delete(restarted.conversation_id);
    },
  },
  {
    name: "conversations: with an agent (agent_id) answers as that agent",
    async run({ client, assert, textOf }) {
      const c = client();
      const agent = await c.agents.create({ model: "mistral-medium-latest", name: "conv-agent" });
      const res = await c.conversations.start({ agent_id: agent.id, inputs: "hi agent" });
      assert.equal(res.outputs[0].agent_id, agent.id);
      assert.equal(textOf(res.outputs[0].content), "You said: hi agent");
      const conv = await c.conversations.get(res.conversation_id);
      assert.equal(conv.agent_id, agent.id);
      await c.conversations.delete(res.conversation_id);
      await c.agents.delete(agent.id);
    },
  },
  {
    name: "conversations: list with page/page_size and metadata, delete then get is 404",
    async run({ client, assert, lib }) {
      const c = client();
      const tag = `conv-${Date.now()}`;
      const ids = [];
      for (const text of ["a", "b", "c"]) ids.push((await c.conversations.start({ model: MODEL, inputs: text, metadata: { tag } })).conversation_id);
      const listed = await c.conversations.list({ page: 0, page_size: 100 });
      for (const id of ids) assert.ok(listed.some((x) => x.id === id), `list holds ${id}`);
      const page = await c.conversations.list({ page: 0, page_size: 2 });
      assert.equal(page.length, 2, "page_size reaches the server");
      assert.equal(await c.conversations.delete(ids[0]), undefined, "delete resolves to undefined");
      await assert.rejects(() => c.conversations.get(ids[0]), lib.ApiError, (e) => e.status === 404);
      const after = await c.conversations.list({ page_size: 100 });
      assert.ok(!after.some((x) => x.id === ids[0]), "a deleted conversation is no longer listed");
      for (const id of ids.slice(1)) await c.conversations.delete(id);
    },
  },
  {
    name: "conversations: a function tool call comes back with its arguments, and a function.result is answered",
    async run({ client, assert, textOf }) {
      const c = client();
      const tools = [{ type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
      const res = await c.conversations.start({ model: MODEL, inputs: "get_weather for Paris", tools });
      const call = res.outputs[0];
      assert.equal(call.type, "function.call");
      assert.equal(call.name, "get_weather");
      assert.deepEqual(JSON.parse(call.arguments), { city: "get_weather for Paris" });
      const next = await c.conversations.append(res.conversation_id, { inputs: [{ type: "function.result", tool_call_id: call.tool_call_id, result: "sunny" }] });
      assert.equal(textOf(next.outputs[0].content), "get_weather returned sunny");
      await c.conversations.delete(res.conversation_id);
    },
  },
];
