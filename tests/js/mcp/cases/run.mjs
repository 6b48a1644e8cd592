// The run loop with MCP tools: server-everything's tools (over Streamable
// HTTP) next to a local function named `echo`, which collides with the
// server's own `echo`. The model is the mock Mistral API the runner starts
// next to the MCP servers (`servers.mistral`), scripted per case
// (`x-mock-script`) to call both tools by the names the run gave them. The
// other run-loop cases are in ../../e2e/cases/run.mjs.

const MODEL = "mistral-small-latest";
const API_KEY = "sk-mcp-run-e2e-0123456789-SECRET";

/** The run's name for a tool of the server labelled `label` that lost its name to a local one. */
const renamed = (label, name) => `${label.replace(/[^A-Za-z0-9_-]/g, "_")}_${name}`;

async function mockJson(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`mock ${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

export const runCases = [
  {
    name: "run: MCP tools of server-everything with a local `echo`: the MCP one is renamed, each call reaches its own tool",
    async run({ lib, servers, runtime, assert, withClient }) {
      const base = servers.mistral;
      assert.ok(base, "the runner started the mock Mistral API");
      const key = `mcp-run-${runtime}-${Math.random().toString(36).slice(2, 10)}`;
      await withClient("streamable", {}, async (mcp) => {
        const label = mcp.serverInfo.name;
        const mcpEcho = renamed(label, "echo");
        const turns = [
          {
            outputs: [
              { type: "function.call", name: "echo", tool_call_id: "e1", arguments: { message: "to the app" } },
              { type: "function.call", name: mcpEcho, tool_call_id: "e2", arguments: { message: "to the server" } },
              { type: "function.call", name: "get-sum", tool_call_id: "e3", arguments: { a: 2, b: 40 } },
            ],
          },
          { outputs: [{ type: "message", text: "both echoes came back" }] },
        ];
        assert.equal((await mockJson(base, "POST", "/_mock/script", { key, turns })).queued, 2);
        const local = [];
        const echo = {
          type: "function",
          function: { name: "echo", description: "The app's own echo", parameters: { type: "object", properties: { message: { type: "string" } }, required: ["message"] } },
          execute: (args) => {
            local.push(args.message);
            return `local echo: ${args.message}`;
          },
        };
        const client = new lib.Mistral({ apiKey: API_KEY, serverURL: base, retry: false, headers: { "x-mock-script": key } });
        const result = await client.run({ model: MODEL, inputs: "echo twice", tools: [mcp, echo] });

        const names = result.tool_names;
        const localName = names.find((n) => n.source.kind === "local");
        assert.deepEqual(localName, { name: "echo", original: "echo", source: { kind: "local" } }, "the app's function keeps its name");
        const mcpName = names.find((n) => n.source.kind === "mcp" && n.original === "echo");
        assert.deepEqual(mcpName, { name: mcpEcho, original: "echo", source: { kind: "mcp", server: 0, label } }, "the MCP echo is renamed after its server");
        assert.equal(new Set(names.map((n) => n.name)).size, names.length, "every name the model sees is unique");
        assert.ok(names.every((n) => /^[A-Za-z0-9_-]{1,64}$/.test(n.name)), `every name follows Mistral's rule: ${names.map((n) => n.name)}`);
        assert.ok(names.some((n) => n.name === "get-sum" && n.source.kind === "mcp"), "a name nobody else has is kept");

        assert.deepEqual(local, ["to the app"], "the local echo ran once, for its own call");
        const results = result.entries.filter((e) => e.type === "function.result").map((e) => [e.tool_call_id, e.result]);
        const direct = (await mcp.callTool("get-sum", { a: 2, b: 40 })).content.map((c) => c.text).join("\n");
        assert.deepEqual(results, [
          ["e1", "local echo: to the app"],
          ["e2", "Echo: to the server"],
          ["e3", direct],
        ], "each result came from its own tool, in call order");
        assert.equal(result.output_text, "both echoes came back");

        const stats = await mockJson(base, "GET", "/_mock/stats");
        const violations = stats.functionResults.violations.filter((v) => v.conversation_id === result.conversation_id);
        assert.deepEqual(violations, [], "the mock saw each call answered exactly once");
        assert.equal(stats.scripts[key] ?? 0, 0, "both scripted turns were played");
      });
    },
  },
];
