// The package's McpClient (pkg/node.js, built by `make package`) against MCP servers that misbehave on purpose
// (tests/support/mcp-hostile-server.mjs, on 127.0.0.1, one per test, stopped by it): garbage bodies, wrong ids,
// endless and oversized streams, bad session ids and versions, cross-origin endpoints, auth failures, server requests
// the client cannot or fails to answer, expired sessions. Each test asserts a typed outcome, bounds the time it took
// (nothing may hang past its timeoutMs) and, where the client should survive, that it still works afterwards.
//
// run: make package && node --test tests/js/mcp-bad-servers.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { McpClient, McpError, AbortError, ApiError, ConnectionError, MistralError, __wasmMemory } from '../../pkg/node.js';
import {
  initializeResult,
  openSse,
  result,
  rpcError,
  sendJson,
  startHostileServer,
  streamableScript,
  writeRawResponse,
} from '../support/mcp-hostile-server.mjs';

const TIMEOUT_MS = 1500;
/** Slack over a timeout for timers and the event loop of a loaded 2-core machine. */
const SLACK_MS = 1500;
const STREAMABLE = '2025-11-25';
const STATELESS = '2026-07-28';
const MiB = 1024 * 1024;
const SIXTEEN_MIB = 16 * MiB;

/** Runs `fn(server)` against a fresh hostile server, closing it (and the clients `fn` registers) after. */
async function withServer(handler, fn) {
  const server = await startHostileServer(handler);
  const clients = [];
  server.client = (options) => {
    const client = new McpClient({ url: server.url, timeoutMs: TIMEOUT_MS, ...options });
    clients.push(client);
    return client;
  };
  try {
    return await fn(server);
  } finally {
    for (const c of clients) await c.close().catch(() => {});
    await server.close();
  }
}

/** The rejection of `promise`, with how long it took; fails when it resolves, or hangs past `hangMs`. */
async function rejection(promise, hangMs = 30_000) {
  const started = Date.now();
  let timer;
  const hung = new Promise((resolve) => {
    timer = setTimeout(() => resolve(HUNG), hangMs);
  });
  try {
    const settled = await Promise.race([promise.then(() => RESOLVED), hung]);
    assert.notEqual(settled, HUNG, `the call neither resolved nor rejected within ${hangMs} ms`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return { error, elapsed: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
  assert.fail('expected a rejection, the call resolved');
}
const HUNG = Symbol('hung');
const RESOLVED = Symbol('resolved');
/** Whole suites get a deadline too, so a call that hangs outside `rejection` fails instead of stalling the run. */
const SUITE = { timeout: 60_000 };

function assertMcp(error, reason, messagePattern) {
  assert.ok(error instanceof McpError, `an McpError, got ${error?.name}: ${error?.message}`);
  assert.ok(error instanceof MistralError);
  assert.equal(error.reason, reason, `reason of: ${error.message}`);
  if (messagePattern) assert.match(error.message, messagePattern);
}

/** The client still works: a ping goes out and its answer comes back. */
async function assertWorks(client, server) {
  // 2026-07-28 has no `ping`: the client sends `server/discover` instead.
  const pings = () => server.rpc('ping').length + server.rpc('server/discover').length;
  const before = pings();
  assert.equal(await client.ping(), undefined);
  assert.equal(pings(), before + 1, 'the ping reached the server');
}

const toolText = (text) => ({ content: [{ type: 'text', text }] });

// ---------------------------------------------------------------------------------------------------------------------

describe('garbage answers', SUITE, () => {
  // What a server may send instead of a JSON-RPC response, and what the error must name.
  const garbage = [
    { what: 'not JSON', body: () => 'this is { not json', names: /not JSON/ },
    { what: 'JSON that is not JSON-RPC', body: () => '{"hello":"world"}', names: /jsonrpc/ },
    { what: 'a wrong jsonrpc version', body: (id) => JSON.stringify({ jsonrpc: '1.0', id, result: {} }), names: /"2\.0"/ },
    { what: 'a batch array', body: (id) => JSON.stringify([result(id, {})]), names: /batch/i },
  ];

  for (const { what, body, names } of garbage) {
    it(`application/json answer that is ${what}: McpError 'transport' naming it, fast; the client goes on`, async () => {
      let broken = true;
      const handler = streamableScript({
        ping: (req, res) =>
          broken ? sendJson(res, body(req.rpcId)) : sendJson(res, result(req.rpcId, {})),
      });
      await withServer(handler, async (server) => {
        const client = server.client({ protocolVersion: STREAMABLE });
        await client.connect();
        const { error, elapsed } = await rejection(client.ping());
        assertMcp(error, 'transport', names);
        assert.ok(elapsed < TIMEOUT_MS, `failed in ${elapsed} ms, before the ${TIMEOUT_MS} ms timeout`);
        broken = false;
        await assertWorks(client, server);
      });
    });

    it(`event-stream answer whose event is ${what}: McpError 'transport' naming it, fast; the client goes on`, async () => {
      let broken = true;
      const handler = streamableScript({
        ping: (req, res) => {
          const sse = openSse(res);
          sse.event(broken ? body(req.rpcId) : result(req.rpcId, {}));
          sse.end();
        },
      });
      await withServer(handler, async (server) => {
        const client = server.client({ protocolVersion: STREAMABLE });
        await client.connect();
        const { error, elapsed } = await rejection(client.ping());
        assertMcp(error, 'transport', names);
        assert.ok(elapsed < TIMEOUT_MS, `failed in ${elapsed} ms, before the ${TIMEOUT_MS} ms timeout`);
        broken = false;
        await assertWorks(client, server);
      });
    });
  }
});

describe('garbage that does not cost the stream', SUITE, () => {
  it('a garbage event before the response on the same event stream: the call still gets its response', async () => {
    const handler = streamableScript({
      'tools/call': (req, res) => {
        const sse = openSse(res);
        sse.event('this is { not json');
        sse.event('{"hello":"world"}');
        sse.event(result(req.rpcId, toolText('fine')));
        sse.end();
      },
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      assert.equal((await client.callTool('t', {})).content[0].text, 'fine');
    });
  });
});

describe('wrong ids and late answers', SUITE, () => {
  it('a response with a wrong id on a stream that stays open: timeout within timeoutMs, notifications/cancelled sent, stream closed', async () => {
    const handler = streamableScript({
      'tools/call': (req, res) => {
        const sse = openSse(res);
        sse.event(result(`${req.rpcId}-not-yours`, toolText('wrong')));
        sse.event(result(987654, toolText('wrong too')));
        // ... and the right one never comes; the stream stays open.
      },
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const { error, elapsed } = await rejection(client.callTool('slow', {}));
      assertMcp(error, 'timeout');
      assert.equal(error.method, 'tools/call');
      assert.equal(error.timeoutMs, TIMEOUT_MS);
      assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + SLACK_MS, `timed out after ${elapsed} ms`);
      const [call] = server.rpc('tools/call');
      const cancelled = await server.waitFor(
        () => server.rpc('notifications/cancelled').find((r) => r.json.params?.requestId === call.rpcId),
        3000,
        'notifications/cancelled for the tools/call',
      );
      assert.equal(cancelled.headers['mcp-session-id'], 's1');
      await server.waitFor(() => call.closed, 3000, 'the tools/call stream to be closed by the client');
      await assertWorks(client, server);
    });
  });

  it('a JSON answer with a wrong id: McpError transport at once (the body cannot carry another answer)', async () => {
    const handler = streamableScript({
      'tools/call': (req, res) => sendJson(res, result(`${req.rpcId}-not-yours`, toolText('wrong'))),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const { error, elapsed } = await rejection(client.callTool('t', {}));
      assertMcp(error, 'transport');
      assert.ok(elapsed < TIMEOUT_MS, `failed in ${elapsed} ms`);
      await assertWorks(client, server);
    });
  });

  it('2024-11-05: a response arriving on the GET stream after the caller aborted is ignored; later calls work', async () => {
    let stream;
    const held = [];
    const handler = (req, res) => {
      if (req.method === 'GET' && req.path === '/sse') {
        stream = openSse(res);
        stream.event('/messages?session=abc', { event: 'endpoint' });
        return;
      }
      if (req.method !== 'POST' || !req.path.startsWith('/messages')) return res.writeHead(404).end();
      res.writeHead(202).end();
      const msg = req.json;
      if (msg.method === 'initialize') stream.event(result(msg.id, initializeResult('2024-11-05')));
      else if (msg.method === 'tools/call' && msg.params.name === 'hold') held.push(msg);
      else if (msg.method === 'tools/call') stream.event(result(msg.id, toolText(`answer to ${msg.id}`)));
      else if (msg.method === 'ping') stream.event(result(msg.id, {}));
    };
    await withServer(handler, async (server) => {
      const client = server.client({ url: `${server.origin}/sse`, protocolVersion: '2024-11-05' });
      await client.connect();
      assert.equal(client.era, 'sse');
      const controller = new AbortController();
      const call = client.callTool('hold', {}, { signal: controller.signal });
      await server.waitFor(() => held.length === 1, 3000, 'the held tools/call');
      controller.abort();
      const { error, elapsed } = await rejection(call);
      assert.ok(error instanceof AbortError, `an AbortError, got ${error?.name}: ${error?.message}`);
      assert.ok(elapsed < TIMEOUT_MS);
      await server.waitFor(
        () => server.rpc('notifications/cancelled').find((r) => r.json.params?.requestId === held[0].id),
        3000,
        'notifications/cancelled for the aborted call',
      );
      // The late answer, then another call: it must get its own answer, not the stale one.
      stream.event(result(held[0].id, toolText('too late')));
      const next = await client.callTool('other', {});
      assert.notEqual(next.content[0].text, 'too late');
      assert.match(next.content[0].text, /^answer to /);
      await assertWorks(client, server);
    });
  });

  it('Streamable HTTP: a response on the standalone GET stream for an aborted request is ignored; later calls work', async () => {
    let listen;
    let heldRes;
    let heldId;
    const handler = streamableScript({
      GET: (req, res) => {
        listen = openSse(res);
      },
      'tools/call': (req, res) => {
        if (req.json.params.name === 'hold') {
          heldId = req.rpcId;
          heldRes = openSse(res);
          return;
        }
        sendJson(res, result(req.rpcId, toolText(`answer to ${req.rpcId}`)));
      },
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      await server.waitFor(() => listen, 3000, 'the standalone GET stream');
      const controller = new AbortController();
      const call = client.callTool('hold', {}, { signal: controller.signal });
      await server.waitFor(() => heldRes, 3000, 'the held tools/call');
      controller.abort();
      const { error } = await rejection(call);
      assert.ok(error instanceof AbortError, `an AbortError, got ${error?.name}: ${error?.message}`);
      await server.waitFor(
        () => server.rpc('notifications/cancelled').find((r) => r.json.params?.requestId === heldId),
        3000,
        'notifications/cancelled for the aborted call',
      );
      listen.event(result(heldId, toolText('too late')));
      const next = await client.callTool('other', {});
      assert.match(next.content[0].text, /^answer to /);
      await assertWorks(client, server);
    });
  });
});

describe('endless and oversized answers', SUITE, () => {
  it('an endless event stream that never answers: timeout, and the client closes the connection', async () => {
    let timer;
    const handler = streamableScript({
      'tools/call': (req, res) => {
        const sse = openSse(res);
        let n = 0;
        timer = setInterval(() => {
          if (sse.closed) return clearInterval(timer);
          sse.raw(': keep-alive\n\n');
          sse.event({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `tick ${n++}` } });
        }, 10);
      },
    });
    try {
      await withServer(handler, async (server) => {
        const client = server.client({ protocolVersion: STREAMABLE });
        await client.connect();
        const { error, elapsed } = await rejection(client.callTool('forever', {}));
        assertMcp(error, 'timeout');
        assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + SLACK_MS, `timed out after ${elapsed} ms`);
        const [call] = server.rpc('tools/call');
        await server.waitFor(() => call.closed, 2000, 'the endless stream to be closed by the client');
        await assertWorks(client, server);
      });
    } finally {
      clearInterval(timer);
    }
  });

  /** Writes `prefix`, then 1 MiB chunks of `a` (honouring back-pressure) until the client goes or `maxBytes`. */
  async function flood(res, prefix, maxBytes, stats) {
    const chunk = Buffer.alloc(MiB, 'a');
    res.write(prefix);
    stats.sent = prefix.length;
    while (stats.sent < maxBytes && !res.destroyed) {
      if (!res.write(chunk)) {
        await new Promise((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      stats.sent += chunk.length;
    }
    stats.finished = !res.destroyed;
    res.end();
  }

  // The flood is ten times the limit; what the client keeps of it must depend on the limit, not on the flood. Wasm
  // memory only grows, and buffering up to 16 MiB costs up to 4x that here (a doubling Vec plus copied chunks: 64 MiB
  // measured), so the bound is 5x the limit, still half the flood.
  const MAX_FLOOD = 160 * MiB;
  const MEMORY_BOUND = 5 * SIXTEEN_MIB;

  it(`a JSON body over 16 MiB: McpError transport naming the limit before the server is done; memory stays bounded`, async () => {
    const stats = {};
    const handler = streamableScript({
      'tools/call': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        flood(res, `{"jsonrpc":"2.0","id":${JSON.stringify(req.rpcId)},"result":{"content":[{"type":"text","text":"`, MAX_FLOOD, stats);
      },
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE, timeoutMs: 20_000 });
      await client.connect();
      const wasmBefore = __wasmMemory().buffer.byteLength;
      const { error } = await rejection(client.callTool('huge', {}));
      const sentAtError = stats.sent;
      assertMcp(error, 'transport', new RegExp(`${SIXTEEN_MIB}`));
      assert.ok(sentAtError < MAX_FLOOD, 'the error came before the server was done');
      const grown = __wasmMemory().buffer.byteLength - wasmBefore;
      assert.ok(grown < MEMORY_BOUND, `wasm memory grew by ${grown} bytes for a body cut at 16 MiB`);
      const [call] = server.rpc('tools/call');
      // Once the call failed nobody reads the body: the connection must go, not drain the rest of the flood.
      await server.waitFor(() => call.closed || stats.finished, 10_000, 'the oversized body to end');
      assert.ok(!stats.finished, `the client read all ${stats.sent} bytes after failing at 16 MiB instead of closing`);
      await assertWorks(client, server);
    });
  });

  it('one SSE event over 16 MiB without a newline: McpError transport naming the event size limit, before the server is done', async () => {
    const stats = {};
    const handler = streamableScript({
      'tools/call': (req, res) => {
        openSse(res);
        flood(res, `data: {"jsonrpc":"2.0","id":${JSON.stringify(req.rpcId)},"result":{"x":"`, MAX_FLOOD, stats);
      },
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE, timeoutMs: 20_000 });
      await client.connect();
      const wasmBefore = __wasmMemory().buffer.byteLength;
      const { error } = await rejection(client.callTool('huge', {}));
      const sentAtError = stats.sent;
      const grown = __wasmMemory().buffer.byteLength - wasmBefore;
      assert.ok(grown < MEMORY_BOUND, `wasm memory grew by ${grown} bytes for an event cut at 16 MiB`);
      assertMcp(error, 'transport', /maximum event size/);
      assert.ok(sentAtError < MAX_FLOOD, `the error came after the server sent all ${sentAtError} bytes`);
      const [call] = server.rpc('tools/call');
      await server.waitFor(() => call.closed || stats.finished, 10_000, 'the oversized stream to end');
      assert.ok(!stats.finished, `the client read all ${stats.sent} bytes instead of stopping at the limit`);
      await assertWorks(client, server);
    });
  });
});

describe('bad handshakes', SUITE, () => {
  it('an Mcp-Session-Id with a control character (tab): McpError transport naming the session id, never sent back', async () => {
    const handler = streamableScript({
      initialize: (req, res) =>
        sendJson(res, result(req.rpcId, initializeResult()), { headers: { 'mcp-session-id': 'abc\tdef' } }),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      const { error, elapsed } = await rejection(client.connect());
      assertMcp(error, 'transport', /Mcp-Session-Id/);
      assert.ok(elapsed < TIMEOUT_MS);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(server.requests.map((r) => r.rpcMethod ?? r.method), ['initialize']);
    });
  });

  it('an Mcp-Session-Id with a raw control byte (0x01), which fetch itself refuses: ConnectionError, not an McpError', async () => {
    const handler = streamableScript({
      initialize: (req, res) =>
        writeRawResponse(res, {
          headers: [['content-type', 'application/json'], ['mcp-session-id', 'abc\x01def']],
          body: JSON.stringify(result(req.rpcId, initializeResult())),
        }),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      const { error, elapsed } = await rejection(client.connect());
      // Node's fetch rejects the response ("Invalid header value char"): a fetch failure keeps its class.
      assert.ok(error instanceof ConnectionError, `a ConnectionError, got ${error?.name}: ${error?.message}`);
      assert.ok(elapsed < TIMEOUT_MS);
      assert.equal(server.rpc('notifications/initialized').length, 0);
    });
  });

  it('a server that drops the connection before answering a call: ConnectionError at once; the client goes on', async () => {
    let drop = true;
    const handler = streamableScript({
      'tools/call': (req, res) => (drop ? res.socket.destroy() : sendJson(res, result(req.rpcId, toolText('ok')))),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const { error, elapsed } = await rejection(client.callTool('t', {}));
      assert.ok(error instanceof ConnectionError, `a ConnectionError, got ${error?.name}: ${error?.message}`);
      assert.ok(elapsed < TIMEOUT_MS);
      drop = false;
      assert.equal((await client.callTool('t', {})).content[0].text, 'ok');
    });
  });

  for (const pinned of [true, false]) {
    it(`initialize answered with an unsupported protocolVersion (${pinned ? 'pinned' : 'negotiated'}): McpError transport naming it`, async () => {
      const handler = streamableScript({
        'server/discover': (req, res) =>
          sendJson(res, rpcError(req.rpcId, -32000, 'Bad Request: Server not initialized'), { status: 400 }),
        initialize: (req, res) =>
          sendJson(res, result(req.rpcId, initializeResult('1999-01-01')), { headers: { 'mcp-session-id': 's1' } }),
      });
      await withServer(handler, async (server) => {
        const client = server.client(pinned ? { protocolVersion: STREAMABLE } : {});
        const { error, elapsed } = await rejection(client.connect());
        assertMcp(error, 'transport', /1999-01-01/);
        assert.ok(elapsed < TIMEOUT_MS);
        assert.equal(server.rpc('notifications/initialized').length, 0);
        assert.equal(server.rpc('initialize').length, 1);
      });
    });
  }

  it('2024-11-05: an endpoint event on another origin is refused (typed error naming it); nothing is POSTed there', async () => {
    const elsewhere = await startHostileServer((req, res) => res.writeHead(202).end());
    let get;
    try {
      const handler = (req, res) => {
        if (req.method === 'GET' && req.path === '/sse') {
          get = req;
          openSse(res).event(`${elsewhere.origin}/messages?session=abc`, { event: 'endpoint' });
          return;
        }
        res.writeHead(202).end();
      };
      await withServer(handler, async (server) => {
        const client = server.client({ url: `${server.origin}/sse`, protocolVersion: '2024-11-05' });
        const { error, elapsed } = await rejection(client.connect());
        assertMcp(error, 'transport', /another origin/);
        assert.ok(elapsed < TIMEOUT_MS, `refused after ${elapsed} ms`);
        await server.waitFor(() => get?.closed, 2000, 'the refused GET stream to be closed');
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(elsewhere.requests.length, 0, 'nothing sent to the other origin');
        assert.deepEqual(server.requests.map((r) => r.method), ['GET']);
      });
    } finally {
      await elsewhere.close();
    }
  });
});

describe('era negotiation', SUITE, () => {
  /** An injected fetch that logs `METHOD rpcMethod` of every request. */
  function countingFetch(log) {
    return (input, init = {}) => {
      const method = init.method ?? (typeof input === 'object' && input.method) ?? 'GET';
      let rpc;
      try {
        rpc = typeof init.body === 'string' ? JSON.parse(init.body).method : undefined;
      } catch {}
      log.push(rpc ? `${method} ${rpc}` : method);
      return fetch(input, init);
    };
  }

  it('probes server/discover then initialize on a Streamable-only server; a second client of the URL skips the probe', async () => {
    const handler = streamableScript({
      'server/discover': (req, res) =>
        sendJson(res, rpcError(req.rpcId, -32000, 'Bad Request: Server not initialized'), { status: 400 }),
    });
    await withServer(handler, async (server) => {
      const first = [];
      const a = server.client({ fetch: countingFetch(first) });
      await a.connect();
      assert.equal(a.era, 'streamable');
      assert.equal(a.protocolVersion, STREAMABLE);
      assert.deepEqual(first.filter((r) => r.startsWith('POST')), [
        'POST server/discover',
        'POST initialize',
        'POST notifications/initialized',
      ]);
      await assertWorks(a, server);

      const second = [];
      const b = server.client({ fetch: countingFetch(second) });
      await b.connect();
      assert.equal(b.era, 'streamable');
      assert.deepEqual(second.filter((r) => r.startsWith('POST')), ['POST initialize', 'POST notifications/initialized']);
      assert.equal(server.rpc('server/discover').length, 1, 'one probe in all');
      await assertWorks(b, server);
    });
  });

  /** A 2026-07-28 server: `server/discover` and `tools/call` go to the given functions. */
  function statelessScript({ discover, call }) {
    return (req, res, api) => {
      const msg = req.json;
      if (req.method !== 'POST' || !msg) return res.writeHead(405).end();
      if (msg.id === undefined) return res.writeHead(202).end();
      if (msg.method === 'server/discover') return discover(req, res, api);
      if (msg.method === 'tools/call') return call(req, res, api);
      if (msg.method === 'ping') return sendJson(res, result(msg.id, {}));
      return sendJson(res, rpcError(msg.id, -32601, `no ${msg.method}`));
    };
  }
  const discoverResult = { supportedVersions: [STATELESS], capabilities: { tools: {} } };

  it("-32022 with supported ['2099-01-01', '2026-07-28'] to the probe: the client settles on 2026-07-28 and works", async () => {
    let probes = 0;
    const handler = statelessScript({
      discover: (req, res) =>
        ++probes === 1
          ? sendJson(res, rpcError(req.rpcId, -32022, 'Unsupported protocol version', { supported: ['2099-01-01', STATELESS] }), { status: 400 })
          : sendJson(res, result(req.rpcId, discoverResult)),
      call: (req, res) => sendJson(res, result(req.rpcId, toolText('ok'))),
    });
    await withServer(handler, async (server) => {
      const client = server.client({});
      await client.connect();
      assert.equal(client.era, 'stateless');
      assert.equal(client.protocolVersion, STATELESS);
      assert.equal((await client.callTool('t', {})).content[0].text, 'ok');
      assert.ok(server.rpc('server/discover').length <= 2, `${server.rpc('server/discover').length} probes`);
      assert.equal(server.rpc('initialize').length, 0);
      for (const r of server.rpc('tools/call')) assert.equal(r.headers['mcp-protocol-version'], STATELESS);
    });
  });

  it("a server answering every request -32022 with supported ['2026-07-28'] gets one retry, no loop: McpError rpc -32022", async () => {
    const handler = statelessScript({
      discover: (req, res) => sendJson(res, result(req.rpcId, discoverResult)),
      call: (req, res) =>
        sendJson(res, rpcError(req.rpcId, -32022, 'Unsupported protocol version', { supported: [STATELESS] }), { status: 400 }),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STATELESS });
      await client.connect();
      const { error, elapsed } = await rejection(client.callTool('t', {}));
      assertMcp(error, 'rpc');
      assert.equal(error.code, -32022);
      assert.ok(elapsed < TIMEOUT_MS);
      // The spec's retry: once, in a version the server lists (here the same one), never again.
      assert.equal(server.rpc('tools/call').length, 2, 'resent exactly once');
    });
  });

  it('a server that only speaks an unknown newer version: a typed error after one probe per era, no loop', async () => {
    const handler = (req, res) => {
      const msg = req.json;
      if (msg?.id !== undefined) {
        return sendJson(res, rpcError(msg.id, -32022, 'Unsupported protocol version', { supported: ['2099-01-01'] }), { status: 400 });
      }
      res.writeHead(405).end();
    };
    await withServer(handler, async (server) => {
      const client = server.client({});
      const { error, elapsed } = await rejection(client.connect());
      assert.ok(error instanceof MistralError, `a typed error, got ${error?.name}: ${error?.message}`);
      assert.ok(error instanceof McpError || error instanceof ApiError, `${error.name}: ${error.message}`);
      assert.ok(elapsed < TIMEOUT_MS);
      assert.ok(server.requests.length <= 3, `${server.requests.length} requests: ${server.requests.map((r) => r.rpcMethod ?? r.method)}`);
      assert.equal(server.rpc('server/discover').length, 1);
    });
  });

  it('a stateless server that keeps answering input_required: McpError transport after a bounded number of rounds', async () => {
    const handler = statelessScript({
      discover: (req, res) => sendJson(res, result(req.rpcId, discoverResult)),
      call: (req, res) =>
        sendJson(res, result(req.rpcId, {
          resultType: 'input_required',
          requestState: `round-${req.json.params.inputResponses ? 'n' : '0'}`,
          inputRequests: {
            confirm: {
              method: 'elicitation/create',
              params: { mode: 'form', message: 'Sure?', requestedSchema: { type: 'object', properties: {} } },
            },
          },
        })),
    });
    await withServer(handler, async (server) => {
      let asked = 0;
      const client = server.client({
        protocolVersion: STATELESS,
        onElicit: async () => {
          asked += 1;
          return { action: 'accept', content: {} };
        },
      });
      await client.connect();
      const { error, elapsed } = await rejection(client.callTool('needy', {}));
      assertMcp(error, 'transport', /rounds/);
      assert.ok(elapsed < TIMEOUT_MS + SLACK_MS);
      const calls = server.rpc('tools/call').length;
      assert.ok(calls >= 2 && calls <= 17, `${calls} tools/call requests`);
      assert.equal(asked, calls - 1, 'one elicitation per retry');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(server.rpc('tools/call').length, calls, 'no more retries after the error');
      await assertWorks(client, server);
    });
  });
});

describe('auth failures', SUITE, () => {
  const TOKEN = 'tok-SECRET-0123456789abcdef';
  const KEY = 'key-SECRET-fedcba9876543210';
  const unauthorized = (req, res) =>
    sendJson(res, { error: 'invalid_token', error_description: 'The access token expired' }, {
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"' },
    });

  /** The secret is nowhere in what the client wrote: message, toString, stack, properties, causes. */
  function assertNoSecret(error, secret) {
    for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
      const shown = [String(e), String(e.message), String(e.stack), JSON.stringify(e)];
      for (const key of Object.getOwnPropertyNames(e)) {
        shown.push(`${key}: ${typeof e[key] === 'string' ? e[key] : JSON.stringify(e[key])}`);
      }
      for (const text of shown) assert.ok(!text.includes(secret), `the secret leaked into: ${text.slice(0, 300)}`);
    }
  }

  for (const pinned of [true, false]) {
    it(`401 whose body echoes the request headers (${pinned ? 'pinned' : 'negotiated'}): the secret stays out of the message, toString and stack`, async () => {
      const echo = (req, res) =>
        sendJson(res, `bad credentials: ${JSON.stringify(req.headers)}`, {
          status: 401,
          headers: { 'content-type': 'text/plain', 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      await withServer(echo, async (server) => {
        const pin = pinned ? { protocolVersion: STREAMABLE } : {};
        const client = server.client({ auth: { type: 'bearer', token: TOKEN }, ...pin });
        const { error } = await rejection(client.connect());
        assert.ok(error instanceof ApiError, `an ApiError, got ${error?.name}: ${error?.message}`);
        assert.equal(error.status, 401);
        assert.ok(server.requests.some((r) => JSON.stringify(r.headers).includes(TOKEN)), 'the token was sent');
        assert.ok(error.body.includes('[redacted]'), `the echoed token is redacted in the body: ${error.body.slice(0, 200)}`);
        assertNoSecret(error, TOKEN);
      });
    });
  }

  for (const [label, options, secret, header] of [
    ['bearer, pinned', { auth: { type: 'bearer', token: TOKEN }, protocolVersion: STREAMABLE }, TOKEN, 'authorization'],
    ['bearer, negotiated', { auth: { type: 'bearer', token: TOKEN } }, TOKEN, 'authorization'],
    ['api_key, negotiated', { auth: { type: 'api_key', key: KEY } }, KEY, 'x-api-key'],
  ]) {
    it(`401 with WWW-Authenticate (${label}): ApiError 401 at once, the secret in no message`, async () => {
      await withServer(unauthorized, async (server) => {
        const client = server.client(options);
        const { error, elapsed } = await rejection(client.connect());
        assert.ok(error instanceof ApiError, `an ApiError, got ${error?.name}: ${error?.message}`);
        assert.equal(error.status, 401);
        assert.match(error.headers['www-authenticate'], /invalid_token/);
        assert.ok(elapsed < TIMEOUT_MS);
        assert.ok(server.requests[0].headers[header].includes(secret), 'the secret was sent to the server');
        assert.equal(server.requests.length, 1, 'a 401 stops the negotiation');
        assertNoSecret(error, secret);
        // Calls fail the same way, without hanging and without the secret.
        const again = await rejection(client.listTools());
        assert.ok(again.error instanceof ApiError);
        assertNoSecret(again.error, secret);
      });
    });
  }
});

describe('server requests the client cannot or fails to answer', SUITE, () => {
  /** tools/call answered on a stream that first asks `elicitation/create` and waits for the client's reply. */
  function elicitingServer() {
    return streamableScript({
      'tools/call': async (req, res, api) => {
        const sse = openSse(res);
        const askId = `srv-${req.rpcId}`;
        sse.event({
          jsonrpc: '2.0',
          id: askId,
          method: 'elicitation/create',
          params: { mode: 'form', message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } },
        });
        const reply = await api.waitFor(() => api.responses().find((r) => r.json.id === askId), 3000, 'the reply');
        sse.event(result(req.rpcId, toolText(`reply was ${reply.json.error ? reply.json.error.code : 'a result'}`)));
        sse.end();
      },
    });
  }

  it('elicitation/create without onElicit: the client answers -32601 and the call goes on', async () => {
    await withServer(elicitingServer(), async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const res = await client.callTool('ask', {});
      assert.equal(res.content[0].text, 'reply was -32601');
      const [reply] = server.responses();
      assert.equal(reply.json.error.code, -32601);
      assert.equal(reply.json.result, undefined);
      assert.equal(reply.headers['mcp-session-id'], 's1');
    });
  });

  for (const [label, onElicit] of [
    ['throws', () => { throw new Error('handler exploded'); }],
    ['rejects', async () => { throw new TypeError('handler rejected'); }],
  ]) {
    it(`an onElicit that ${label}: the server gets -32603, the client keeps working`, async () => {
      await withServer(elicitingServer(), async (server) => {
        const client = server.client({ protocolVersion: STREAMABLE, onElicit });
        await client.connect();
        const res = await client.callTool('ask', {});
        assert.equal(res.content[0].text, 'reply was -32603');
        const [reply] = server.responses();
        assert.equal(reply.json.error.code, -32603);
        assert.match(reply.json.error.message, /handler (exploded|rejected)/);
        const again = await client.callTool('ask', {});
        assert.equal(again.content[0].text, 'reply was -32603');
        await assertWorks(client, server);
      });
    });
  }
});

describe('expired sessions', SUITE, () => {
  it('a 404 to a request with a session id: re-initialize and resend once, transparently', async () => {
    const handler = streamableScript({
      'tools/list': (req, res) =>
        req.headers['mcp-session-id'] === 's1'
          ? res.writeHead(404, { 'content-type': 'text/plain' }).end('session not found')
          : sendJson(res, result(req.rpcId, { tools: [{ name: 'fresh', inputSchema: { type: 'object' } }] })),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['fresh']);
      const posts = server.requests
        .filter((r) => r.method === 'POST')
        .map((r) => `${r.rpcMethod}${r.headers['mcp-session-id'] ? ` @${r.headers['mcp-session-id']}` : ''}`);
      assert.deepEqual(posts, [
        'initialize',
        'notifications/initialized @s1',
        'tools/list @s1',
        'initialize',
        'notifications/initialized @s2',
        'tools/list @s2',
      ]);
      await assertWorks(client, server);
    });
  });

  it('a session that expires again on the resent request: McpError session_expired, resent only once', async () => {
    const handler = streamableScript({
      'tools/list': (req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('session not found'),
    });
    await withServer(handler, async (server) => {
      const client = server.client({ protocolVersion: STREAMABLE });
      await client.connect();
      const { error, elapsed } = await rejection(client.listTools());
      assertMcp(error, 'session_expired');
      assert.ok(elapsed < TIMEOUT_MS);
      assert.equal(server.rpc('tools/list').length, 2);
      assert.equal(server.rpc('initialize').length, 2);
    });
  });
});
