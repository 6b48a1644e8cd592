// Client credentials (the `{ type: "oauth2", client_id, client_secret, token_url }` shape of Mistral's MCP guide)
// against the 2026-07-28 server behind a guard that only lets its own tokens through (`servers.guarded`, token
// endpoint `servers.tokenUrl`, client `servers.oauthClient`): the client gets a token, sends it only to that server
// as a Bearer header, renews it when refused, and never shows the secret or the token in an error.

const oauth2 = (servers, overrides = {}) => ({
  type: "oauth2",
  client_id: servers.oauthClient.clientId,
  client_secret: servers.oauthClient.clientSecret,
  token_url: servers.tokenUrl,
  ...overrides,
});

export const authCases = [
  {
    name: "auth: client credentials: a token from token_url, sent as Bearer to the MCP server only",
    async run({ lib, servers, assert, spyFetch }) {
      const spy = spyFetch();
      const c = new lib.McpClient({ url: servers.guarded, auth: oauth2(servers), fetch: spy.fetch, timeoutMs: 20000 });
      try {
        await c.connect();
        assert.equal(c.era, "stateless");
        const result = await c.callTool("echo", { message: "through the guard" });
        assert.equal(result.content[0].text, "through the guard");
        const tokenCalls = spy.requests.filter((r) => r.url === servers.tokenUrl);
        assert.equal(tokenCalls.length, 1, "one token for the whole session");
        const form = new URLSearchParams(tokenCalls[0].text);
        assert.equal(form.get("grant_type"), "client_credentials");
        assert.equal(form.get("resource"), servers.guarded, "the token is asked for this server (RFC 8707)");
        assert.ok(!tokenCalls[0].text.includes(servers.oauthClient.clientSecret), "the secret goes in the Basic header, not the body");
        assert.match(tokenCalls[0].headers.authorization, /^Basic /);
        const mcpCalls = spy.requests.filter((r) => r.url !== servers.tokenUrl);
        assert.ok(mcpCalls.length >= 2);
        for (const r of mcpCalls) {
          assert.equal(new URL(r.url).origin, new URL(servers.guarded).origin, "the token only goes to the MCP server");
          assert.match(r.headers.authorization ?? "", /^Bearer tok-/, `${r.body?.method} carries the token`);
        }
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "auth: client credentials: a revoked token is renewed once and the call goes through; a forged one is an ApiError",
    async run({ lib, servers, assert, spyFetch }) {
      const spy = spyFetch();
      const c = new lib.McpClient({ url: servers.guarded, auth: oauth2(servers), fetch: spy.fetch, timeoutMs: 20000 });
      try {
        assert.equal((await c.callTool("echo", { message: "first" })).content[0].text, "first");
        const revoked = await fetch(new URL("/_revoke", servers.tokenUrl), { method: "POST" });
        assert.equal(revoked.status, 204);
        assert.equal((await c.callTool("echo", { message: "second" })).content[0].text, "second");
        const tokens = spy.requests.filter((r) => r.url === servers.tokenUrl);
        assert.equal(tokens.length, 2, "a new token after the 401");
        const calls = spy.requests.filter((r) => r.body?.method === "tools/call");
        assert.deepEqual(calls.map((r) => r.status), [200, 401, 200], "the refused call was sent once more");
        assert.notEqual(calls[1].headers.authorization, calls[2].headers.authorization);
      } finally {
        await c.close();
      }
      const forged = new lib.McpClient({ url: servers.guarded, auth: { type: "bearer", token: "tok-forged-0000" }, timeoutMs: 20000 });
      const refused = await assert.rejects(() => forged.callTool("echo", { message: "x" }), lib.ApiError);
      assert.equal(refused.status, 401);
      for (const text of [String(refused), refused.message, JSON.stringify(refused), refused.body]) {
        assert.ok(!text.includes("tok-forged-0000"), `the token is not in: ${text.slice(0, 200)}`);
      }
      await forged.close();
    },
  },
  {
    name: "auth: client credentials with a wrong secret: AuthError 'token_error' naming the token endpoint's answer, no secret in it",
    async run({ lib, servers, assert }) {
      const wrong = "wrong-secret-abcdef123456";
      const c = new lib.McpClient({ url: servers.guarded, auth: oauth2(servers, { client_secret: wrong }), timeoutMs: 20000 });
      const error = await assert.rejects(() => c.connect(), lib.AuthError);
      assert.ok(error instanceof lib.McpError, "an AuthError is an McpError");
      assert.equal(error.reason, "token_error");
      assert.equal(error.error, "invalid_client");
      assert.match(error.message, /invalid_client/);
      for (const text of [String(error), error.message, JSON.stringify(error), String(error.stack)]) {
        assert.ok(!text.includes(wrong), `the secret is not in: ${text.slice(0, 200)}`);
      }
      await c.close();
    },
  },
  {
    name: "auth: a run gets MCP tools from the guide's { type: 'mcp', config: { server_url, auth: oauth2 } } shape",
    async run({ lib, servers, runtime, assert }) {
      const key = `mcp-auth-run-${runtime}-${Math.random().toString(36).slice(2, 10)}`;
      const turns = [
        { outputs: [{ type: "function.call", name: "add", tool_call_id: "a1", arguments: { a: 2, b: 3 } }] },
        { outputs: [{ type: "message", text: "five" }] },
      ];
      const scripted = await fetch(`${servers.mistral}/_mock/script`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, turns }),
      });
      assert.equal(scripted.status, 200);
      await scripted.body?.cancel();
      const client = new lib.Mistral({ apiKey: "sk-mcp-auth-run", serverURL: servers.mistral, retry: false, headers: { "x-mock-script": key } });
      const tool = { type: "mcp", config: { server_url: servers.guarded, auth: oauth2(servers), timeout: 20 } };
      const result = await client.run({ model: "mistral-small-latest", inputs: "add 2 and 3", tools: [tool] });
      assert.equal(result.output_text, "five");
      const added = result.entries.find((e) => e.type === "function.result" && e.tool_call_id === "a1");
      assert.ok(added, "the call was answered");
      assert.match(added.result, /5/, `the guarded server's add answered: ${added.result}`);
      assert.ok(result.tool_names.some((n) => n.name === "add" && n.source.kind === "mcp"));
    },
  },
];
