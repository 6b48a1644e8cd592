// server-everything's resources (static documents, text and blob
// templates, subscriptions) and prompts (with arguments, an embedded
// resource, completions), over both of its transports.

const DOCS = ["architecture.md", "extension.md", "features.md", "how-it-works.md", "instructions.md", "startup.md", "structure.md"];

function cases(t) {
  return [
    {
      name: `${t} resources: listResources has every static document; readResource returns its markdown`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const { resources } = await c.listResources();
          for (const name of DOCS) {
            const doc = resources.find((r) => r.name === name);
            assert.ok(doc, `${name} listed (${resources.map((r) => r.name)})`);
            assert.equal(doc.uri, `demo://resource/static/document/${name}`);
            assert.equal(doc.mimeType, "text/markdown");
            assert.equal(doc.description, `Static document file exposed from /docs: ${name}`);
          }
          const { contents } = await c.readResource("demo://resource/static/document/instructions.md");
          assert.equal(contents.length, 1);
          assert.equal(contents[0].uri, "demo://resource/static/document/instructions.md");
          assert.equal(contents[0].mimeType, "text/markdown");
          assert.match(contents[0].text, /^# Everything Server/);
          assert.equal(contents[0].text, c.instructions, "the instructions document is what initialize gave");
        });
      },
    },
    {
      name: `${t} resources: listResourceTemplates, then a text and a blob read through the templates`,
      async run({ withClient, assert, fromBase64 }) {
        await withClient(t, {}, async (c) => {
          const { resourceTemplates } = await c.listResourceTemplates();
          const byName = Object.fromEntries(resourceTemplates.map((r) => [r.name, r]));
          assert.equal(byName["Dynamic Text Resource"]?.uriTemplate, "demo://resource/dynamic/text/{resourceId}", JSON.stringify(resourceTemplates));
          assert.equal(byName["Dynamic Text Resource"].mimeType, "text/plain");
          assert.equal(byName["Dynamic Blob Resource"]?.uriTemplate, "demo://resource/dynamic/blob/{resourceId}");
          assert.equal(byName["Dynamic Blob Resource"].mimeType, "application/octet-stream");
          const text = await c.readResource("demo://resource/dynamic/text/42");
          assert.deepEqual(Object.keys(text.contents[0]).sort(), ["mimeType", "text", "uri"]);
          assert.match(text.contents[0].text, /^Resource 42: This is a plaintext resource created at /);
          const blob = await c.readResource("demo://resource/dynamic/blob/43");
          assert.deepEqual(Object.keys(blob.contents[0]).sort(), ["blob", "mimeType", "uri"]);
          assert.match(new TextDecoder().decode(fromBase64(blob.contents[0].blob)), /^Resource 43: This is a base64 blob created at /);
        });
      },
    },
    {
      name: `${t} resources: reading a resource the server refuses is an McpError 'rpc'`,
      async run({ withClient, assert, lib }) {
        await withClient(t, {}, async (c) => {
          for (const uri of ["demo://resource/dynamic/text/0", "demo://resource/nowhere"]) {
            const error = await assert.rejects(() => c.readResource(uri), lib.McpError);
            assert.equal(error.reason, "rpc", uri);
            assert.equal(typeof error.code, "number");
            assert.ok(error.code < 0, `JSON-RPC code ${error.code}`);
          }
          assert.equal((await c.readResource("demo://resource/dynamic/text/1")).contents.length, 1, "still usable");
        });
      },
    },
    {
      name: `${t} resources: subscribeResource is acknowledged, and setLoggingLevel decides which log messages arrive`,
      async run({ withClient, assert, until, sleep, spyFetch }) {
        const seen = [];
        const spy = spyFetch();
        await withClient(t, { onNotification: (n) => seen.push(n), fetch: spy.fetch }, async (c) => {
          // server-everything logs each subscribe at level "info" to the subscribing session.
          assert.equal(await c.setLoggingLevel("error"), undefined);
          assert.deepEqual(spy.messages().find((m) => m.method === "logging/setLevel")?.params, { level: "error" });
          await c.subscribeResource("demo://resource/dynamic/text/21");
          await sleep(800);
          assert.ok(!seen.some((n) => n.method === "notifications/message" && /text\/21/.test(String(n.params?.data))), "an info message is filtered at level error");
          await c.setLoggingLevel("info");
          await c.subscribeResource("demo://resource/dynamic/text/22");
          const log = await until(
            () => seen.find((n) => n.method === "notifications/message" && /text\/22/.test(String(n.params?.data))),
            5000,
            `the subscribe log message reaches onNotification (got ${JSON.stringify(seen.map((n) => n.method))})`,
          );
          assert.equal(log.params.level, "info");
          assert.match(log.params.data, /^Received Subscribe Resource request for URI: demo:\/\/resource\/dynamic\/text\/22/);
          await c.unsubscribeResource("demo://resource/dynamic/text/22");
          assert.ok(spy.messages().some((m) => m.method === "resources/unsubscribe" && m.params.uri === "demo://resource/dynamic/text/22"));
        });
      },
    },
    {
      name: `${t} prompts: listPrompts describes every prompt and its arguments`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const { prompts } = await c.listPrompts();
          const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
          assert.deepEqual(Object.keys(byName).sort(), ["args-prompt", "completable-prompt", "resource-prompt", "simple-prompt"]);
          assert.equal(byName["simple-prompt"].title, "Simple Prompt");
          assert.deepEqual(byName["simple-prompt"].arguments ?? [], []);
          assert.deepEqual(
            byName["args-prompt"].arguments.map((a) => [a.name, a.required === true]),
            [["city", true], ["state", false]],
          );
          assert.deepEqual(byName["completable-prompt"].arguments.map((a) => a.name), ["department", "name"]);
          assert.deepEqual(byName["resource-prompt"].arguments.map((a) => a.name), ["resourceType", "resourceId"]);
        });
      },
    },
    {
      name: `${t} prompts: getPrompt for each prompt, with and without optional arguments`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const simple = await c.getPrompt("simple-prompt");
          assert.deepEqual(simple.messages, [{ role: "user", content: { type: "text", text: "This is a simple prompt without arguments." } }]);
          const both = await c.getPrompt("args-prompt", { city: "Paris", state: "Texas" });
          assert.equal(both.messages[0].content.text, "What's weather in Paris, Texas?");
          const cityOnly = await c.getPrompt("args-prompt", { city: "Lyon" });
          assert.equal(cityOnly.messages[0].content.text, "What's weather in Lyon?");
          const team = await c.getPrompt("completable-prompt", { department: "Engineering", name: "Alice" });
          assert.equal(team.messages[0].content.text, "Please promote Alice to the head of the Engineering team.");
          const embedded = await c.getPrompt("resource-prompt", { resourceType: "Text", resourceId: "2" });
          assert.equal(embedded.messages.length, 2);
          assert.equal(embedded.messages[0].content.text, "This prompt includes the Text resource with id: 2. Please analyze the following resource:");
          assert.equal(embedded.messages[1].content.type, "resource");
          assert.equal(embedded.messages[1].content.resource.uri, "demo://resource/dynamic/text/2");
          assert.match(embedded.messages[1].content.resource.text, /^Resource 2: This is a plaintext resource/);
        });
      },
    },
    {
      name: `${t} prompts: an unknown prompt and a missing required argument are McpError 'rpc' -32602`,
      async run({ withClient, assert, lib }) {
        await withClient(t, {}, async (c) => {
          const unknown = await assert.rejects(() => c.getPrompt("no-such-prompt"), lib.McpError);
          assert.equal(unknown.reason, "rpc");
          assert.equal(unknown.code, -32602);
          assert.match(unknown.message, /no-such-prompt/);
          const missing = await assert.rejects(() => c.getPrompt("args-prompt", {}), lib.McpError);
          assert.equal(missing.reason, "rpc");
          assert.equal(missing.code, -32602);
        });
      },
    },
    {
      name: `${t} completion: complete() on prompt arguments (with context) and on a resource template variable`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          assert.equal(typeof c.capabilities.completions, "object", "the server declares completions");
          const department = await c.complete({ type: "ref/prompt", name: "completable-prompt" }, { name: "department", value: "S" });
          assert.deepEqual(department.completion.values, ["Sales", "Support"]);
          const all = await c.complete({ type: "ref/prompt", name: "completable-prompt" }, { name: "department", value: "" });
          assert.deepEqual(all.completion.values, ["Engineering", "Sales", "Marketing", "Support"]);
          const name = await c.complete({ type: "ref/prompt", name: "completable-prompt" }, { name: "name", value: "" }, { arguments: { department: "Sales" } });
          assert.deepEqual(name.completion.values, ["David", "Eve", "Frank"], "the context narrows the second argument");
          const type = await c.complete({ type: "ref/prompt", name: "resource-prompt" }, { name: "resourceType", value: "B" });
          assert.deepEqual(type.completion.values, ["Blob"]);
          const id = await c.complete({ type: "ref/resource", uri: "demo://resource/dynamic/text/{resourceId}" }, { name: "resourceId", value: "12" });
          assert.deepEqual(id.completion.values, ["12"]);
          const none = await c.complete({ type: "ref/resource", uri: "demo://resource/dynamic/text/{resourceId}" }, { name: "resourceId", value: "x" });
          assert.deepEqual(none.completion.values, []);
        });
      },
    },
  ];
}

export const resourcePromptCasesFor = (transports) => transports.flatMap(cases);
