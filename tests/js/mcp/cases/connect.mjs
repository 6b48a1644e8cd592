// The handshake on each server and the era the client lands on, negotiated
// (2026-07-28 stateless -> Streamable HTTP -> 2024-11-05 HTTP+SSE) and
// pinned both ways: down to 2025-era on the modern server, up to
// 2026-07-28 on a server that cannot speak it.

import { assertInitializedFirst } from "./sessions.mjs";

const EVERYTHING = "mcp-servers/everything";
const MODERN = "mistral-edge-test-modern";

function assertUnconnected(assert, c, when) {
  for (const key of ["era", "protocolVersion", "serverInfo", "capabilities", "instructions"]) {
    assert.equal(c[key], undefined, `${key} ${when}`);
  }
}

export const connectCases = [
  {
    name: "connect: nothing about the server is known before connect()",
    async run({ client, assert }) {
      for (const server of ["streamable", "sse", "modern"]) assertUnconnected(assert, client(server), `of a new ${server} client`);
    },
  },
  {
    name: "connect: server-everything over Streamable HTTP negotiates era 'streamable', 2025-11-25",
    async run({ client, assert }) {
      const c = client("streamable");
      try {
        assert.equal(await c.connect(), undefined, "connect() resolves to undefined");
        assert.equal(c.era, "streamable");
        assert.equal(c.protocolVersion, "2025-11-25");
        assert.equal(c.serverInfo.name, EVERYTHING);
        assert.equal(c.serverInfo.version, "2.0.0");
        assert.equal(c.serverInfo.title, "Everything Reference Server", "serverInfo keeps the title member");
        assert.equal(c.capabilities.tools.listChanged, true);
        assert.equal(c.capabilities.resources.subscribe, true);
        assert.equal(typeof c.capabilities.prompts, "object");
        assert.equal(typeof c.capabilities.logging, "object");
        assert.match(c.instructions, /^# Everything Server/, "the server's instructions");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "connect: server-everything's SSE URL falls back to era 'sse', 2024-11-05",
    async run({ client, assert, spyFetch }) {
      const spy = spyFetch();
      const c = client("sse", { fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal(c.era, "sse");
        assert.equal(c.protocolVersion, "2024-11-05");
        assert.equal(c.serverInfo.name, EVERYTHING);
        assert.equal(c.capabilities.resources.subscribe, true);
        assert.match(c.instructions, /^# Everything Server/);
        const gets = spy.requests.filter((r) => r.method === "GET");
        assert.ok(gets.length >= 1, `the SSE stream was opened with GET: ${JSON.stringify(spy.requests.map((r) => `${r.method} ${r.url} ${r.status}`))}`);
        assert.match(gets.at(-1).headers.accept ?? "", /text\/event-stream/);
        const init = spy.messages().filter((m) => m.method === "initialize").at(-1);
        assert.ok(init, "an initialize was POSTed");
        assert.equal(init.params.protocolVersion, "2024-11-05", "the SSE-era initialize offers 2024-11-05");
        const post = spy.requests.filter((r) => r.method === "POST").at(-1);
        assert.match(post.url, /\/message\?sessionId=/, "messages go to the endpoint the SSE stream announced");
        await c.callTool("echo", { message: "first call" });
        assertInitializedFirst(assert, spy);
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "connect: the 2026-07-28 server negotiates era 'stateless', 2026-07-28, with no session",
    async run({ client, assert, spyFetch }) {
      const spy = spyFetch();
      const c = client("modern", { fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal(c.era, "stateless");
        assert.equal(c.protocolVersion, "2026-07-28");
        assert.equal(c.serverInfo.name, MODERN);
        assert.equal(typeof c.capabilities.tools, "object");
        const { tools } = await c.listTools();
        assert.deepEqual(tools.map((t) => t.name).sort(), ["add", "confirm", "echo"]);
        assert.deepEqual(spy.sessions, [], "a stateless server hands out no session");
        assert.ok(!spy.messages().some((m) => m.method === "initialize"), "no 2025-era initialize was needed");
        const list = spy.requests.find((r) => r.body?.method === "tools/list");
        assert.equal(list.headers["mcp-protocol-version"], "2026-07-28", "each request names its revision");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "connect: pinning 2025-11-25 on the 2026-07-28 server gives a working 2025-era connection",
    async run({ client, assert, spyFetch }) {
      const spy = spyFetch();
      const c = client("modern", { protocolVersion: "2025-11-25", fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal(c.era, "streamable");
        assert.equal(c.protocolVersion, "2025-11-25");
        assert.equal(c.serverInfo.name, MODERN);
        const init = spy.messages().find((m) => m.method === "initialize");
        assert.ok(init, "a 2025-era initialize was sent");
        assert.equal(init.params.protocolVersion, "2025-11-25");
        const echoed = await c.callTool("echo", { message: "old style" });
        assert.deepEqual(echoed.content, [{ type: "text", text: "old style" }]);
        // The server serves 2025-era requests one by one, so it cannot ask this client anything: proof the pin held.
        const confirm = await c.callTool("confirm", { action: "deploy" });
        assert.equal(confirm.isError, true, "confirm cannot elicit on a 2025-era stateless connection");
        assert.match(confirm.content[0].text, /2025-era/);
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "connect: pinning 2026-07-28 on the modern server, and 2024-11-05 on the SSE URL",
    async run({ client, assert }) {
      const modern = client("modern", { protocolVersion: "2026-07-28" });
      const sse = client("sse", { protocolVersion: "2024-11-05" });
      try {
        await modern.connect();
        assert.equal(modern.era, "stateless");
        assert.equal(modern.protocolVersion, "2026-07-28");
        await sse.connect();
        assert.equal(sse.era, "sse");
        assert.equal(sse.protocolVersion, "2024-11-05");
        assert.match((await sse.callTool("echo", { message: "pinned" })).content[0].text, /^Echo: pinned$/);
      } finally {
        await modern.close();
        await sse.close();
      }
    },
  },
  {
    name: "connect: pinning 2025-06-18 on server-everything: the older revision is used and announced on every request",
    async run({ client, assert, spyFetch }) {
      const spy = spyFetch();
      const c = client("streamable", { protocolVersion: "2025-06-18", fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal(c.era, "streamable");
        assert.equal(c.protocolVersion, "2025-06-18");
        await c.callTool("get-sum", { a: 1, b: 2 });
        const call = spy.requests.find((r) => r.body?.method === "tools/call");
        assert.equal(call.headers["mcp-protocol-version"], "2025-06-18");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "connect: pinning 2026-07-28 on a 2025-era server fails with McpError instead of falling back",
    async run({ client, assert, lib }) {
      const c = client("streamable", { protocolVersion: "2026-07-28", timeoutMs: 10000 });
      try {
        const started = Date.now();
        const error = await assert.rejects(() => c.connect(), lib.McpError);
        assert.ok(["protocol", "rpc", "transport"].includes(error.reason), `reason ${error.reason}`);
        assert.ok(Date.now() - started < 8000, "failed without waiting for the timeout");
        assert.equal(c.era, undefined, "no era after a failed connect");
      } finally {
        await c.close().catch(() => {});
      }
    },
  },
  {
    name: "connect: a second client on the same URL reuses the negotiated era (no second probe)",
    async run({ client, assert, spyFetch }) {
      for (const [server, era, first] of [
        ["streamable", "streamable", "initialize"],
        ["sse", "sse", null],
      ]) {
        const a = client(server);
        await a.connect();
        await a.close();
        const spy = spyFetch();
        const b = client(server, { fetch: spy.fetch });
        try {
          await b.connect();
          assert.equal(b.era, era);
          const opening = spy.requests[0];
          if (first) assert.equal(opening.body?.method, first, `${server}: the cached era starts with ${first}`);
          else assert.equal(opening.method, "GET", `${server}: the cached era opens the SSE stream first`);
        } finally {
          await b.close();
        }
      }
    },
  },
  {
    name: "connect: initialize declares the client's capabilities from its options, and its clientInfo",
    async run({ client, assert, spyFetch }) {
      const bare = spyFetch();
      const full = spyFetch();
      const a = client("streamable", { fetch: bare.fetch, clientInfo: { name: "bare-client", version: "9.9.9" } });
      const b = client("streamable", {
        fetch: full.fetch,
        onElicit: async () => ({ action: "decline" }),
        onSample: async () => ({ role: "assistant", content: { type: "text", text: "x" }, model: "m" }),
        roots: [{ uri: "file:///tmp/e2e", name: "e2e" }],
      });
      try {
        await a.connect();
        await b.connect();
        const initA = bare.messages().find((m) => m.method === "initialize");
        const initB = full.messages().find((m) => m.method === "initialize");
        assert.deepEqual(initA.params.clientInfo, { name: "bare-client", version: "9.9.9" });
        for (const cap of ["elicitation", "sampling", "roots"]) {
          assert.equal(initA.params.capabilities?.[cap], undefined, `no ${cap} without a handler`);
          assert.equal(typeof initB.params.capabilities?.[cap], "object", `${cap} declared with a handler`);
        }
        const toolsA = (await a.listTools()).tools.map((t) => t.name);
        const toolsB = (await b.listTools()).tools.map((t) => t.name);
        for (const name of ["trigger-elicitation-request", "trigger-sampling-request", "get-roots-list"]) {
          assert.ok(!toolsA.includes(name), `${name} is not offered to a client without the capability`);
          assert.ok(toolsB.includes(name), `${name} is offered once the capability is declared`);
        }
      } finally {
        await a.close();
        await b.close();
      }
    },
  },
];
