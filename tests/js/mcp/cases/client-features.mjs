// The tools server-everything offers only to a client that declares a
// capability, each answered by the client's own handler: elicitation
// (onElicit), sampling (onSample) and roots. The server's request arrives
// on the tool call's stream (or the SSE stream), the client answers it with
// a POST, and the tool's result shows what the handler said.

/** Offered only when the client declares elicitation / sampling / roots (url: elicitation with `url`). */
export const CAPABILITY_TOOLS = ["get-roots-list", "trigger-elicitation-request", "trigger-sampling-request", "trigger-url-elicitation"];

/** Options that declare every client capability the package supports. */
export function withAllFeatures(extra = {}) {
  return {
    onElicit: async () => ({ action: "decline" }),
    onSample: async () => ({ role: "assistant", content: { type: "text", text: "unused" }, model: "e2e-model" }),
    roots: [{ uri: "file:///srv/e2e", name: "e2e" }],
    ...extra,
  };
}

function featureCases(t) {
  return [
    {
      name: `${t} client features: trigger-elicitation-request is answered by onElicit (accept)`,
      async run({ withClient, assert }) {
        const asked = [];
        const onElicit = async (params) => {
          asked.push(params);
          return { action: "accept", content: { name: "Ada Lovelace", check: true, email: "ada@example.com", integer: 7 } };
        };
        await withClient(t, { onElicit }, async (c) => {
          const result = await c.callTool("trigger-elicitation-request", {});
          assert.equal(asked.length, 1, "onElicit ran once");
          assert.equal(asked[0].message, "Please provide inputs for the following fields:");
          assert.equal(asked[0].requestedSchema.type, "object");
          assert.deepEqual(asked[0].requestedSchema.required, ["name"]);
          assert.equal(asked[0].requestedSchema.properties.email.format, "email");
          const texts = result.content.map((x) => x.text);
          assert.equal(texts[0], "✅ User provided the requested information!");
          assert.equal(texts[1], "User inputs:\n- Name: Ada Lovelace\n- Agreed to terms: true\n- Email: ada@example.com\n- Favorite Integer: 7");
          const raw = JSON.parse(texts[2].replace(/^\nRaw result: /, ""));
          assert.equal(raw.action, "accept");
          assert.deepEqual(raw.content, { name: "Ada Lovelace", check: true, email: "ada@example.com", integer: 7 });
        });
      },
    },
    {
      name: `${t} client features: onElicit declining and cancelling reach the server`,
      async run({ withClient, assert }) {
        let answer = { action: "decline" };
        await withClient(t, { onElicit: async () => answer }, async (c) => {
          const declined = await c.callTool("trigger-elicitation-request", {});
          assert.equal(declined.content[0].text, "❌ User declined to provide the requested information.");
          answer = { action: "cancel" };
          const cancelled = await c.callTool("trigger-elicitation-request", {});
          assert.equal(cancelled.content[0].text, "⚠️ User cancelled the elicitation dialog.");
        });
      },
    },
    {
      name: `${t} client features: onElicit throwing does not hang the call`,
      async run({ withClient, assert }) {
        await withClient(t, { onElicit: async () => { throw new Error("the user closed the window"); } }, async (c) => {
          const started = Date.now();
          // The client answers the server with a JSON-RPC error; the server's tool then fails, which it reports as an error result.
          const result = await c.callTool("trigger-elicitation-request", {}, { timeoutMs: 10000 });
          assert.equal(result.isError, true, `an error result: ${JSON.stringify(result)}`);
          assert.ok(Date.now() - started < 5000, "the server heard back at once");
          assert.equal((await c.callTool("echo", { message: "after" })).content[0].text, "Echo: after");
        });
      },
    },
    {
      name: `${t} client features: trigger-sampling-request is answered by onSample`,
      async run({ withClient, assert }) {
        const asked = [];
        const onSample = async (params) => {
          asked.push(params);
          return { role: "assistant", content: { type: "text", text: "Sampled by the e2e handler." }, model: "e2e-model-1", stopReason: "endTurn" };
        };
        await withClient(t, { onSample }, async (c) => {
          const result = await c.callTool("trigger-sampling-request", { prompt: "Say something", maxTokens: 42 });
          assert.equal(asked.length, 1);
          assert.equal(asked[0].maxTokens, 42);
          assert.equal(asked[0].systemPrompt, "You are a helpful test server.");
          assert.equal(asked[0].temperature, 0.7);
          assert.deepEqual(asked[0].messages, [{ role: "user", content: { type: "text", text: "Resource trigger-sampling-request context: Say something" } }]);
          const text = result.content[0].text;
          assert.match(text, /^LLM sampling result: \n/);
          assert.deepEqual(JSON.parse(text.replace(/^LLM sampling result: \n/, "")), {
            role: "assistant",
            content: { type: "text", text: "Sampled by the e2e handler." },
            model: "e2e-model-1",
            stopReason: "endTurn",
          });
        });
      },
    },
    {
      name: `${t} client features: get-roots-list reports the client's roots (array and async function)`,
      async run({ withClient, assert }) {
        const expected =
          "Current MCP Roots (2 total):\n\n1. workspace\n   URI: file:///srv/workspace\n\n2. Unnamed Root\n   URI: file:///srv/other\n\n" +
          "Note: This server demonstrates the roots protocol capability but doesn't actually access files. " +
          "The roots are provided by the MCP client and can be used by servers that need file system access.";
        const roots = [{ uri: "file:///srv/workspace", name: "workspace" }, { uri: "file:///srv/other" }];
        await withClient(t, { roots }, async (c) => {
          const result = await c.callTool("get-roots-list", {}, { timeoutMs: 15000 });
          assert.equal(result.content[0].text, expected);
        });
        let asked = 0;
        const provider = async () => {
          asked++;
          return roots;
        };
        await withClient(t, { roots: provider }, async (c) => {
          const result = await c.callTool("get-roots-list", {}, { timeoutMs: 15000 });
          assert.equal(result.content[0].text, expected);
          assert.ok(asked >= 1, "the roots function was asked");
        });
      },
    },
    {
      name: `${t} client features: trigger-url-elicitation, when offered, goes through onElicit (request and error paths)`,
      async run({ withClient, assert, lib, spyFetch }) {
        const asked = [];
        const onElicit = async (params) => {
          asked.push(params);
          return { action: "accept" };
        };
        const spy = spyFetch();
        await withClient(t, { onElicit, fetch: spy.fetch }, async (c) => {
          const declared = spy.messages().find((m) => m.method === "initialize").params.capabilities.elicitation;
          const offered = (await c.listTools()).tools.some((x) => x.name === "trigger-url-elicitation");
          assert.equal(offered, declared?.url !== undefined, `offered exactly when the client declares URL elicitation (${JSON.stringify(declared)})`);
          if (!offered) return;
          const url = "https://example.com/consent";
          const result = await c.callTool("trigger-url-elicitation", { url, elicitationId: "e2e-1" });
          assert.equal(asked.at(-1).mode, "url");
          assert.equal(asked.at(-1).url, url);
          assert.equal(result.content[0].text, `✅ User completed the URL elicitation flow.\nElicitation ID: e2e-1\nURL: ${url}`);
          const error = await assert.rejects(() => c.callTool("trigger-url-elicitation", { url, errorPath: true }), lib.McpError);
          assert.equal(error.reason, "rpc");
          assert.equal(error.code, -32042);
          assert.equal(error.data.elicitations[0].mode, "url");
        });
      },
    },
  ];
}

export const clientFeatureCasesFor = (transports) => transports.flatMap(featureCases);
