// Streamable HTTP sessions with server-everything: the headers every
// request carries, a session ended behind the client's back (the server
// forgets it, as after a restart) and recovered, and close().

/**
 * Over HTTP, separate POSTs may reach the server in any order, so the client must have the server's answer to
 * `notifications/initialized` before it sends anything else: otherwise a request can overtake it, and a server that
 * finishes its set-up on `initialized` (server-everything registers its capability tools then) answers it wrongly.
 */
export function assertInitializedFirst(assert, spy) {
  const initialized = spy.requests.find((r) => r.body?.method === "notifications/initialized");
  assert.ok(initialized, "notifications/initialized was sent");
  const overtaking = spy.requests.filter((r) => r.sentAt > initialized.sentAt && r.sentAt < initialized.answeredAt && r.method !== "GET");
  assert.deepEqual(
    overtaking.map((r) => r.body?.method ?? r.method),
    [],
    "nothing was POSTed before the server had answered notifications/initialized",
  );
}

export const sessionCases = [
  {
    name: "streamable sessions: every request after initialize carries the session, the revision, auth and custom headers",
    async run({ withClient, assert, spyFetch, token }) {
      const spy = spyFetch();
      await withClient("streamable", { fetch: spy.fetch, auth: { type: "bearer", token }, headers: { "x-e2e-run": "yes" } }, async (c) => {
        await c.callTool("echo", { message: "headers" });
        await c.listResources();
        const [init, ...rest] = spy.requests;
        assert.equal(init.body?.method, "initialize", "the first request is initialize");
        assert.equal(init.headers["mcp-session-id"], undefined, "initialize carries no session");
        assert.equal(spy.sessions.length, 1, "one session");
        for (const r of spy.requests) {
          assert.equal(r.headers.authorization, `Bearer ${token}`, `${r.method} ${r.body?.method ?? ""} carries the token`);
          assert.equal(r.headers["x-e2e-run"], "yes", `${r.method} ${r.body?.method ?? ""} carries the custom header`);
        }
        for (const r of rest) {
          assert.equal(r.headers["mcp-session-id"], spy.sessions[0], `${r.method} ${r.body?.method ?? ""} carries the session`);
          assert.equal(r.headers["mcp-protocol-version"], "2025-11-25", `${r.method} ${r.body?.method ?? ""} names the revision`);
        }
        for (const r of spy.requests.filter((x) => x.method === "POST")) {
          assert.match(r.headers.accept ?? "", /application\/json/);
          assert.match(r.headers.accept ?? "", /text\/event-stream/);
          assert.match(r.headers["content-type"] ?? "", /^application\/json/);
        }
        const initialized = spy.requests.find((r) => r.body?.method === "notifications/initialized");
        assert.ok(initialized, "notifications/initialized was sent");
        assert.equal(initialized.body.id, undefined, "as a notification");
        assertInitializedFirst(assert, spy);
      });
    },
  },
  {
    name: "streamable sessions: a session ended server-side is re-initialized and the call goes through",
    async run({ client, assert, spyFetch, servers }) {
      const spy = spyFetch();
      const c = client("streamable", { fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal(spy.sessions.length, 1);
        // End the session behind the client's back: server-everything forgets it and answers 400 to it from now on.
        const killed = await fetch(servers.streamable, {
          method: "DELETE",
          headers: { "mcp-session-id": spy.sessions[0], "mcp-protocol-version": c.protocolVersion },
        });
        assert.ok(killed.ok, `DELETE answered ${killed.status}`);
        await killed.body?.cancel();
        const result = await c.callTool("echo", { message: "again" });
        assert.equal(result.content[0].text, "Echo: again");
        assert.equal(spy.sessions.length, 2, "a second session was started");
        assert.equal(c.protocolVersion, "2025-11-25");
        assert.equal(c.era, "streamable");
        const calls = spy.requests.filter((r) => r.body?.method === "tools/call");
        assert.equal(calls.length, 2, "the call was sent once on the dead session and once on the new one");
        assert.equal(calls[1].headers["mcp-session-id"], spy.sessions[1]);
        assert.equal((await c.callTool("get-sum", { a: 1, b: 1 })).content[0].text, "The sum of 1 and 1 is 2.", "the new session keeps working");
        assert.equal(spy.requests.filter((r) => r.body?.method === "initialize" && r.status < 300).length, 2, "exactly one re-initialize");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "streamable sessions: resource subscriptions are made again in the new session",
    async run({ client, assert, spyFetch, servers, until }) {
      const spy = spyFetch();
      const seen = [];
      const c = client("streamable", { fetch: spy.fetch, onNotification: (n) => seen.push(n) });
      const uri = "demo://resource/dynamic/text/7";
      try {
        await c.connect();
        await c.subscribeResource(uri);
        const killed = await fetch(servers.streamable, {
          method: "DELETE",
          headers: { "mcp-session-id": spy.sessions[0], "mcp-protocol-version": c.protocolVersion },
        });
        assert.ok(killed.ok, `DELETE answered ${killed.status}`);
        await killed.body?.cancel();
        await c.callTool("echo", { message: "again" });
        const resent = await until(
          () => spy.requests.find((r) => r.body?.method === "resources/subscribe" && r.headers["mcp-session-id"] === spy.sessions[1]),
          5000,
          "resources/subscribe sent again in the new session",
        );
        assert.equal(resent.body.params.uri, uri);
        // The new session delivers updates for it.
        await c.callTool("toggle-subscriber-updates", {});
        await until(() => seen.find((n) => n.method === "notifications/resources/updated" && n.params?.uri === uri), 12000, "an update for the resubscribed resource");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "streamable sessions: a session ended server-side with calls in flight: each call recovers",
    async run({ client, assert, spyFetch, servers }) {
      const spy = spyFetch();
      const c = client("streamable", { fetch: spy.fetch });
      try {
        await c.connect();
        const killed = await fetch(servers.streamable, {
          method: "DELETE",
          headers: { "mcp-session-id": spy.sessions[0], "mcp-protocol-version": c.protocolVersion },
        });
        await killed.body?.cancel();
        const results = await Promise.all([1, 2, 3, 4, 5].map((n) => c.callTool("get-sum", { a: n, b: n })));
        assert.deepEqual(
          results.map((r) => r.content[0].text),
          [1, 2, 3, 4, 5].map((n) => `The sum of ${n} and ${n} is ${2 * n}.`),
        );
        assert.ok(spy.sessions.length >= 2, "a new session was started");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "sse sessions: the SSE stream ending (the server dropped the connection) is reconnected and the call goes through",
    async run({ client, assert, spyFetch, sleep }) {
      const spy = spyFetch();
      const c = client("sse", { fetch: spy.fetch });
      try {
        await c.connect();
        assert.equal((await c.callTool("echo", { message: "before" })).content[0].text, "Echo: before");
        const [stream] = spy.streams();
        assert.ok(stream, "the SSE stream was opened with GET");
        stream.drop();
        await sleep(200);
        const result = await c.callTool("echo", { message: "after the drop" });
        assert.equal(result.content[0].text, "Echo: after the drop");
        assert.equal(spy.streams().length, 2, "a second SSE stream was opened");
        // Counted on the accepted ones: a client new to this URL also probes with an initialize the SSE URL refuses.
        const accepted = spy.requests.filter((r) => r.body?.method === "initialize" && r.status < 300);
        assert.equal(accepted.length, 2, "and initialized again");
        assert.equal(c.era, "sse");
        assert.equal(c.protocolVersion, "2024-11-05");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "streamable sessions: close() DELETEs the session; the client is disconnected after",
    async run({ client, assert, spyFetch, lib }) {
      const spy = spyFetch();
      const c = client("streamable", { fetch: spy.fetch });
      await c.connect();
      const session = spy.sessions[0];
      await c.close();
      const del = spy.requests.find((r) => r.method === "DELETE");
      assert.ok(del, `close() sent DELETE (sent ${spy.requests.map((r) => r.method)})`);
      assert.equal(del.headers["mcp-session-id"], session);
      assert.ok(del.status >= 200 && del.status < 300, `the server accepted the DELETE (${del.status})`);
      assert.equal(c.protocolVersion, undefined, "no protocol version after close()");
      assert.equal(c.era, undefined, "no era after close()");
      const after = await assert.rejects(() => c.listTools(), lib.McpError);
      assert.equal(after.reason, "closed", `a call after close() (${after.message})`);
      await c.close();
    },
  },
  {
    name: "close() lets go of every event stream it opened (SSE era and Streamable HTTP)",
    async run({ client, assert, spyFetch, until }) {
      for (const server of ["sse", "streamable"]) {
        const spy = spyFetch();
        const c = client(server, { fetch: spy.fetch, onNotification: () => {} });
        await c.connect();
        await c.callTool("echo", { message: "open" });
        const streams = spy.streams();
        if (server === "sse") assert.ok(streams.length >= 1, "the SSE era reads an event stream from GET");
        await c.close();
        assert.equal(c.era, undefined, `${server}: no era after close()`);
        await until(() => streams.every((s) => s.released()), 2000, `${server}: every GET event stream released after close()`);
      }
    },
  },
];
