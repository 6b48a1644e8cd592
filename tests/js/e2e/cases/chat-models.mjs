// `client.chat` (plain and streamed completions) and `client.models`, plus
// the client's own shape: namespaces are stable objects.

const MODEL = "mistral-small-latest";

export const chatModelCases = [
  {
    name: "client: namespaces are the same object on every access",
    async run({ client, assert }) {
      const c = client();
      for (const ns of ["agents", "conversations", "connectors", "chat", "models"]) {
        assert.ok(c[ns] && typeof c[ns] === "object", `client.${ns} exists`);
        assert.equal(c[ns], c[ns], `client.${ns} is stable`);
      }
    },
  },
  {
    name: "chat: complete answers with the scripted text and usage",
    async run({ client, assert, textOf }) {
      const res = await client().chat.complete({ model: MODEL, messages: [{ role: "user", content: "hi chat" }], temperature: 0.1 });
      assert.equal(res.object, "chat.completion");
      assert.equal(res.model, MODEL);
      assert.equal(res.choices[0].message.role, "assistant");
      assert.equal(textOf(res.choices[0].message.content), "You said: hi chat");
      assert.equal(res.choices[0].finish_reason, "stop");
      assert.ok(res.usage.total_tokens > 0);
    },
  },
  {
    name: "chat: complete with a tool returns tool_calls",
    async run({ client, assert }) {
      const tools = [{ type: "function", function: { name: "add", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } } }];
      const res = await client().chat.complete({ model: MODEL, messages: [{ role: "user", content: "call add" }], tools, tool_choice: "any" });
      const call = res.choices[0].message.tool_calls[0];
      assert.equal(call.function.name, "add");
      assert.deepEqual(JSON.parse(call.function.arguments), { a: 1, b: 1 });
      assert.equal(res.choices[0].finish_reason, "tool_calls");
    },
  },
  {
    name: "chat: stream with for await adds up to the complete() text, usage on the last chunk",
    async run({ client, assert, collect, chunkText, textOf }) {
      const c = client();
      const body = { model: MODEL, messages: [{ role: "user", content: "stream this chat answer" }] };
      const plain = await c.chat.complete(body);
      const chunks = await collect(await c.chat.stream(body));
      assert.ok(chunks.length > 3, `several chunks (got ${chunks.length})`);
      for (const ch of chunks) assert.equal(ch.object, "chat.completion.chunk");
      assert.equal(chunkText(chunks), textOf(plain.choices[0].message.content));
      assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
      assert.deepEqual(chunks.at(-1).usage, plain.usage);
    },
  },
  {
    name: "chat: stream through toReadableStream()",
    async run({ client, assert, drain, chunkText }) {
      const stream = await client().chat.stream({ model: MODEL, messages: [{ role: "user", content: "readable chat" }] });
      const chunks = await drain(stream.toReadableStream());
      assert.equal(chunkText(chunks), "You said: readable chat");
    },
  },
  {
    name: "models: list, retrieve (id and alias), delete a fine-tuned model, 403/404 as ApiError",
    async run({ client, assert, lib, mock }) {
      await mock.reset();
      const c = client();
      const list = await c.models.list();
      assert.equal(list.object, "list");
      const ids = list.data.map((m) => m.id);
      for (const id of ["mistral-medium-latest", "mistral-small-latest"]) assert.ok(ids.includes(id), `list holds ${id}`);
      const small = await c.models.retrieve("mistral-small-latest");
      assert.equal(small.id, "mistral-small-latest");
      assert.equal(small.capabilities.completion_chat, true);
      assert.equal((await c.models.retrieve("mistral-small-2506")).id, "mistral-small-latest", "an alias resolves");
      await assert.rejects(() => c.models.retrieve("no-such-model"), lib.ApiError, (e) => e.status === 404);
      const ft = list.data.find((m) => m.type === "fine-tuned");
      assert.ok(ft, "the mock has a fine-tuned model");
      const deleted = await c.models.delete(ft.id);
      assert.equal(deleted.deleted, true);
      assert.equal(deleted.id, ft.id);
      await assert.rejects(() => c.models.delete("mistral-small-latest"), lib.ApiError, (e) => e.status === 403);
      const filtered = await c.models.list({ provider: "mistralai" });
      assert.ok(filtered.data.every((m) => m.owned_by === "mistralai"), "list params reach the server");
    },
  },
];
