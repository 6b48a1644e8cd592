// The 2026-07-28 server (official v2 SDK) on the stateless era: tools with
// structured output, an `input_required` elicitation answered by onElicit
// and the call retried with the answer, resources, a template, a prompt.

export const modernCases = [
  {
    name: "modern: tools, structured output checked against the outputSchema",
    async run({ withClient, assert }) {
      await withClient("modern", {}, async (c) => {
        assert.equal(c.era, "stateless");
        const { tools } = await c.listTools();
        const add = tools.find((t) => t.name === "add");
        assert.deepEqual(add.outputSchema.required, ["sum"]);
        assert.deepEqual((await c.callTool("echo", { message: "héllo modern" })).content, [{ type: "text", text: "héllo modern" }]);
        const sum = await c.callTool("add", { a: 2.5, b: 40 });
        assert.deepEqual(sum.structuredContent, { sum: 42.5 });
        assert.deepEqual(sum.content, [{ type: "text", text: "42.5" }]);
      });
    },
  },
  {
    name: "modern: an input_required elicitation is answered by onElicit and the call completes",
    async run({ withClient, assert }) {
      const asked = [];
      let confirm = true;
      const onElicit = async (params) => {
        asked.push(params);
        return { action: "accept", content: { confirm } };
      };
      await withClient("modern", { onElicit }, async (c) => {
        const yes = await c.callTool("confirm", { action: "deploy" });
        assert.deepEqual(yes.content, [{ type: "text", text: "confirmed deploy" }]);
        assert.equal(asked.length, 1, "onElicit ran once");
        assert.equal(asked[0].message, "Confirm deploy?");
        assert.deepEqual(asked[0].requestedSchema.required, ["confirm"]);
        confirm = false;
        const no = await c.callTool("confirm", { action: "rollback" });
        assert.deepEqual(no.content, [{ type: "text", text: "declined rollback" }]);
        assert.equal(asked.length, 2);
      });
    },
  },
  {
    name: "modern: resources, the template, the prompt, and concurrent calls",
    async run({ withClient, assert, lib }) {
      await withClient("modern", {}, async (c) => {
        const { resources } = await c.listResources();
        assert.deepEqual(resources.map((r) => [r.name, r.uri, r.mimeType]), [["readme", "test://modern/readme", "text/plain"]]);
        const readme = await c.readResource("test://modern/readme");
        assert.deepEqual(readme.contents, [{ uri: "test://modern/readme", mimeType: "text/plain", text: "modern server readme" }]);
        const { resourceTemplates } = await c.listResourceTemplates();
        assert.deepEqual(resourceTemplates.map((r) => [r.name, r.uriTemplate]), [["item", "test://modern/items/{id}"]]);
        const item = await c.readResource("test://modern/items/7");
        assert.deepEqual(JSON.parse(item.contents[0].text), { id: "7" });
        const missing = await assert.rejects(() => c.readResource("test://modern/nothing"), lib.McpError);
        assert.equal(missing.reason, "rpc");
        const { prompts } = await c.listPrompts();
        assert.deepEqual(prompts.map((p) => p.name), ["greet"]);
        const greet = await c.getPrompt("greet", { name: "Ada" });
        assert.deepEqual(greet.messages, [{ role: "user", content: { type: "text", text: "Say hello to Ada." } }]);
        const sums = await Promise.all(Array.from({ length: 8 }, (_, i) => c.callTool("add", { a: i, b: i })));
        assert.deepEqual(sums.map((s) => s.structuredContent.sum), [0, 2, 4, 6, 8, 10, 12, 14]);
      });
    },
  },
  {
    name: "modern: ping, which 2026-07-28 no longer has, is a server/discover",
    async run({ withClient, assert, spyFetch }) {
      // The server answers a `ping` with HTTP 404 / -32601 on this revision; the package documents that
      // `server/discover` stands in.
      const spy = spyFetch();
      await withClient("modern", { fetch: spy.fetch, timeoutMs: 10000 }, async (c) => {
        const before = spy.messages().length;
        await c.ping();
        const sent = spy.messages().slice(before).map((m) => m.method);
        assert.deepEqual(sent, ["server/discover"], "ping sent one server/discover");
        assert.equal((await c.callTool("echo", { message: "after ping" })).content[0].text, "after ping");
      });
    },
  },
  {
    name: "modern: aborting a call rejects with AbortError and the client goes on",
    async run({ withClient, assert, lib }) {
      // No tool of this server is slow, so the abort lands on a call in flight or before it starts; both must reject.
      await withClient("modern", {}, async (c) => {
        const controller = new AbortController();
        const call = c.callTool("echo", { message: "x" }, { signal: controller.signal });
        controller.abort();
        await assert.rejects(call, lib.AbortError);
        assert.equal((await c.callTool("echo", { message: "after" })).content[0].text, "after");
      });
    },
  },
];
