// How failures reach the caller: a server's JSON-RPC error vs a tool's
// error result (each server does one of them for an unknown tool), a
// structuredContent that breaks its outputSchema, fetch failures, bad
// options, and the bearer token / API key never showing in any of them.

/** A spy that breaks the structuredContent of one tool's answer, so the client's outputSchema check has work. */
function breakStructuredContent(spyFetch, tool, pattern, replacement) {
  return spyFetch({
    async rewrite(record, response) {
      if (record.body?.method !== "tools/call" || record.body.params?.name !== tool) return undefined;
      const text = (await response.text()).replace(pattern, replacement);
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      return new Response(text, { status: response.status, statusText: response.statusText, headers });
    },
  });
}

export const errorCases = [
  {
    name: "errors: an unknown tool is an isError result from server-everything and McpError 'rpc' -32602 from the modern server",
    async run({ withClient, assert, lib }) {
      for (const server of ["streamable", "sse"]) {
        await withClient(server, {}, async (c) => {
          const result = await c.callTool("no-such-tool", {});
          assert.equal(result.isError, true, `${server}: isError`);
          assert.equal(result.content[0].text, "MCP error -32602: Tool no-such-tool not found");
          const invalid = await c.callTool("get-sum", { a: "one", b: 2 });
          assert.equal(invalid.isError, true, `${server}: invalid arguments are an error result`);
          assert.match(invalid.content[0].text, /Input validation error/);
        });
      }
      await withClient("modern", {}, async (c) => {
        const error = await assert.rejects(() => c.callTool("no-such-tool", {}), lib.McpError);
        assert.equal(error.reason, "rpc");
        assert.equal(error.code, -32602);
        assert.match(error.message, /no-such-tool/);
        assert.equal(error instanceof lib.MistralError, true, "McpError extends MistralError");
      });
    },
  },
  {
    name: "errors: structuredContent that breaks the tool's outputSchema is McpError 'output_schema'",
    async run({ withClient, assert, lib, spyFetch }) {
      const everything = breakStructuredContent(spyFetch, "get-structured-content", /"temperature":36(?=[,}])/, '"temperature":"warm"');
      await withClient("streamable", { fetch: everything.fetch }, async (c) => {
        await c.listTools();
        const error = await assert.rejects(() => c.callTool("get-structured-content", { location: "Chicago" }), lib.McpError);
        assert.equal(error.reason, "output_schema");
        assert.match(error.message, /temperature/, "the message names the field");
        const fine = await c.callTool("get-structured-content", { location: "New York" });
        assert.equal(fine.structuredContent.temperature, 33, "a valid answer still passes");
      });
      const modern = breakStructuredContent(spyFetch, "add", /"structuredContent":\{"sum":5\}/, '"structuredContent":{"total":5}');
      await withClient("modern", { fetch: modern.fetch }, async (c) => {
        await c.listTools();
        const error = await assert.rejects(() => c.callTool("add", { a: 2, b: 3 }), lib.McpError);
        assert.equal(error.reason, "output_schema");
        assert.match(error.message, /sum/);
      });
    },
  },
  {
    name: "errors: a refused connection is ConnectionError; an HTTP 401 is ApiError with its status",
    async run({ lib, assert, closedURL }) {
      const refused = new lib.McpClient({ url: `${closedURL}/mcp`, timeoutMs: 10000 });
      await assert.rejects(() => refused.connect(), lib.ConnectionError);
      const unauthorized = new lib.McpClient({
        url: "http://127.0.0.1:9/mcp",
        fetch: async () => new Response('{"error":"invalid_token"}', { status: 401, headers: { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' } }),
      });
      const error = await assert.rejects(() => unauthorized.connect(), lib.ApiError);
      assert.equal(error.status, 401);
    },
  },
  {
    name: "errors: the bearer token is sent, and never appears in any error",
    async run({ client, withClient, assert, lib, token, spyFetch, errorText, closedURL }) {
      const spy = spyFetch();
      const errors = [];
      await withClient("streamable", { auth: { type: "bearer", token }, fetch: spy.fetch }, async (c) => {
        errors.push(await assert.rejects(() => c.getPrompt("no-such-prompt"), lib.McpError));
        errors.push(await assert.rejects(() => c.callTool("trigger-long-running-operation", { duration: 3, steps: 1 }, { timeoutMs: 300 }), lib.McpError));
        const controller = new AbortController();
        const call = c.callTool("trigger-long-running-operation", { duration: 3, steps: 1 }, { signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        errors.push(await assert.rejects(call, lib.AbortError));
      });
      assert.ok(spy.requests.length > 0 && spy.requests.every((r) => r.headers.authorization === `Bearer ${token}`), "every request carried the token");
      const refused = new lib.McpClient({ url: `${closedURL}/mcp`, auth: { type: "bearer", token } });
      errors.push(await assert.rejects(() => refused.connect(), lib.ConnectionError));
      const echoing = new lib.McpClient({
        url: "http://127.0.0.1:9/mcp",
        auth: { type: "bearer", token },
        // A server that echoes the request's headers in its error: the client must not repeat the token.
        fetch: async (_url, init) => new Response(`bad credentials: ${JSON.stringify(Object.fromEntries(new Headers(init.headers)))}`, { status: 403 }),
      });
      errors.push(await assert.rejects(() => echoing.connect(), lib.ApiError));
      try {
        new lib.McpClient({ url: "http://127.0.0.1:9/mcp", auth: { type: "basic", token } });
        assert.fail("an unknown auth type is refused");
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof lib.ValidationError, `ValidationError, got ${e}`);
        errors.push(e);
      }
      for (const e of errors) {
        // `body` is the server's own text, kept as received; everything the client wrote must be clean.
        if (typeof e.body !== "string" || !e.body.includes(token)) assert.excludes(errorText(e), token, `${e.name} (${e.message})`);
        assert.excludes(String(e), token, `${e.name}.toString()`);
        assert.excludes(e.message, token, `${e.name}.message`);
        assert.excludes(String(e.stack), token, `${e.name}.stack`);
      }
      assert.ok(!client("streamable", { auth: { type: "bearer", token } }).toString?.().includes(token), "the client's toString");
    },
  },
  {
    name: "errors: api_key auth sends the key in x-api-key or the named header, never in an error",
    async run({ withClient, assert, lib, spyFetch, errorText }) {
      const key = "mcp-e2e-api-key-SECRET-42";
      const byDefault = spyFetch();
      await withClient("streamable", { auth: { type: "api_key", key }, fetch: byDefault.fetch }, async (c) => {
        await c.ping();
      });
      assert.ok(byDefault.requests.every((r) => r.headers["x-api-key"] === key && r.headers.authorization === undefined), "x-api-key on every request");
      const named = spyFetch();
      await withClient("streamable", { auth: { type: "api_key", key, header: "x-e2e-key" }, fetch: named.fetch }, async (c) => {
        const error = await assert.rejects(() => c.getPrompt("no-such-prompt"), lib.McpError);
        assert.excludes(errorText(error), key);
      });
      assert.ok(named.requests.every((r) => r.headers["x-e2e-key"] === key && r.headers["x-api-key"] === undefined), "the named header on every request");
    },
  },
  {
    name: "errors: bad options and arguments are ValidationError naming the field, before anything is sent",
    async run({ lib, assert, withClient, spyFetch }) {
      const bad = (options, field) => {
        try {
          new lib.McpClient(options);
        } catch (e) {
          assert.ok(e instanceof lib.ValidationError, `${JSON.stringify(options)}: ValidationError, got ${e}`);
          assert.ok(String(e.field).startsWith(field), `${JSON.stringify(options)}: field ${e.field}, want ${field}`);
          return;
        }
        assert.fail(`${JSON.stringify(options)} was accepted`);
      };
      const url = "http://127.0.0.1:9/mcp";
      bad({}, "options.url");
      bad({ url: "ftp://127.0.0.1/mcp" }, "options.url");
      bad({ url, timeoutMs: -1 }, "options.timeoutMs");
      bad({ url, protocolVersion: "1999-01-01" }, "options.protocolVersion");
      bad({ url, auth: { type: "bearer" } }, "options.auth");
      bad({ url, onElicit: "yes" }, "options.onElicit");
      bad({ url, onSample: 1 }, "options.onSample");
      bad({ url, roots: "file:///" }, "options.roots");
      bad({ url, headers: "x-a: b" }, "options.headers");
      const spy = spyFetch();
      await withClient("streamable", { fetch: spy.fetch }, async (c) => {
        const before = spy.requests.length;
        await assert.rejects(() => c.callTool(42, {}), lib.ValidationError, (e) => e.field === "name");
        await assert.rejects(() => c.callTool("echo", "not an object"), lib.ValidationError, (e) => e.field === "arguments");
        await assert.rejects(() => c.readResource(undefined), lib.ValidationError, (e) => e.field === "uri");
        await assert.rejects(() => c.getPrompt(null), lib.ValidationError, (e) => e.field === "name");
        await assert.rejects(() => c.setLoggingLevel("loud"), lib.ValidationError, (e) => e.field === "level");
        await assert.rejects(() => c.complete({ type: "ref/nothing" }, { name: "a", value: "" }), lib.ValidationError, (e) => String(e.field).startsWith("ref"));
        assert.equal(spy.requests.length, before, "nothing was sent");
      });
    },
  },
];
