// Proves the MCP test servers of tests/support/mcp-servers.mjs work before the project's own MCP client exists: each
// is driven by the official TypeScript SDK client (v1 for the 2025-era servers, v2 for 2026-07-28) or by raw fetch,
// and each is shown to be gone, process and port, once closed. The project's client replaces the SDK clients later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyStreamableHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  startEverythingSse,
  startEverythingStreamableHttp,
  startModernServer,
  withCors,
} from '../support/mcp-servers.mjs';

const SERVERS_MODULE = fileURLToPath(new URL('../support/mcp-servers.mjs', import.meta.url));
const CLIENT_INFO = { name: 'mistral-edge-harness-test', version: '0.0.0' };
const BROWSER_ORIGIN = 'http://127.0.0.1:9';
const MODERN_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
};
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  'io.modelcontextprotocol/clientCapabilities': {},
};

function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

async function assertProcessGone(pid, withinMs = 0) {
  const deadline = Date.now() + withinMs;
  while (processExists(pid) && Date.now() < deadline) await sleep(50);
  assert.equal(processExists(pid), false, `server process ${pid} still running`);
}

/** A fresh TCP connection, not fetch: fetch may reuse a pooled socket and report that instead of the port. */
async function assertRefused(url) {
  const { hostname, port } = new URL(url);
  const outcome = await new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error) => resolve(error.code));
  });
  assert.equal(outcome, 'ECONNREFUSED', `${url} still accepts connections`);
}

/** Local addresses (hex, as the kernel prints them) of the sockets listening on `port`, IPv4 and IPv6. */
function listeningAddresses(port) {
  const found = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue;
      const [address, hexPort] = local.split(':');
      if (Number.parseInt(hexPort, 16) === port) found.push(address);
    }
  }
  return found;
}

/** The URL names 127.0.0.1 and the kernel shows its port listening on 127.0.0.1 only, on no other interface. */
function assertLoopback(url) {
  const { hostname, port } = new URL(url);
  assert.equal(hostname, '127.0.0.1');
  assert.deepEqual(listeningAddresses(Number(port)), ['0100007F'], `port ${port} listens beyond 127.0.0.1`);
}

test('server-everything over Streamable HTTP: connect, list tools, call echo, close', async () => {
  const server = await startEverythingStreamableHttp();
  try {
    assertLoopback(server.url);
    const client = new LegacyClient(CLIENT_INFO);
    const transport = new LegacyStreamableHttp(new URL(server.url));
    await client.connect(transport);
    assert.equal(client.getServerVersion()?.name, 'mcp-servers/everything');
    assert.ok(transport.sessionId, 'a session id was issued');
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === 'echo'), `echo missing from ${tools.map((t) => t.name)}`);
    const result = await client.callTool({ name: 'echo', arguments: { message: 'ping' } });
    assert.deepEqual(result.content, [{ type: 'text', text: 'Echo: ping' }]);
    await transport.terminateSession();
    await client.close();
  } finally {
    await server.close();
  }
  await assertProcessGone(server.pid);
  await assertRefused(server.url);
});

test('server-everything over Streamable HTTP sends CORS headers a browser needs', async () => {
  const server = await startEverythingStreamableHttp();
  try {
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: BROWSER_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-session-id, mcp-protocol-version, last-event-id',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods'), /DELETE/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /mcp-session-id/);

    const init = await fetch(server.url, {
      method: 'POST',
      headers: { origin: BROWSER_ORIGIN, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT_INFO },
      }),
    });
    assert.equal(init.status, 200);
    assert.equal(init.headers.get('access-control-allow-origin'), '*');
    assert.match(init.headers.get('access-control-expose-headers'), /mcp-session-id/);
    assert.ok(init.headers.get('mcp-session-id'));
    await init.body.cancel();
  } finally {
    await server.close();
  }
  await assertProcessGone(server.pid);
});

test('server-everything over 2024-11-05 HTTP+SSE: connect, list tools, call get-sum, close', async () => {
  const server = await startEverythingSse();
  try {
    assertLoopback(server.url);
    const stream = await fetch(server.url, { headers: { origin: BROWSER_ORIGIN, accept: 'text/event-stream' } });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream');
    assert.equal(stream.headers.get('access-control-allow-origin'), '*', 'a browser may open the SSE stream');
    await stream.body.cancel();
    const client = new LegacyClient(CLIENT_INFO);
    await client.connect(new SSEClientTransport(new URL(server.url)));
    assert.equal(client.getServerVersion()?.name, 'mcp-servers/everything');
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === 'get-sum'), `get-sum missing from ${tools.map((t) => t.name)}`);
    const result = await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
    assert.match(result.content[0].text, /\b5\b/);
    await client.close();
  } finally {
    await server.close();
  }
  await assertProcessGone(server.pid);
  await assertRefused(server.url);
});

test('the modern server speaks 2026-07-28: discover without a session, then the v2 SDK client pinned to it', async () => {
  const server = await startModernServer();
  try {
    assertLoopback(server.url);
    const discover = await fetch(server.url, {
      method: 'POST',
      headers: { ...MODERN_HEADERS, 'mcp-method': 'server/discover' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'd1', method: 'server/discover', params: { _meta: MODERN_META } }),
    });
    assert.equal(discover.status, 200);
    assert.equal(discover.headers.get('mcp-session-id'), null, 'a stateless server issues no session');
    const { result } = await discover.json();
    assert.ok(result.supportedVersions.includes('2026-07-28'), JSON.stringify(result));

    const mismatch = await fetch(server.url, {
      method: 'POST',
      headers: { ...MODERN_HEADERS, 'mcp-method': 'tools/list' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'm1', method: 'server/discover', params: { _meta: MODERN_META } }),
    });
    assert.equal(mismatch.status, 400, 'an Mcp-Method header that contradicts the body is refused');
    await mismatch.body.cancel();

    const client = new Client(CLIENT_INFO, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      capabilities: { elicitation: { form: {} } },
    });
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { confirm: true } }));
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    assert.equal(client.getProtocolEra(), 'modern');
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['add', 'confirm', 'echo']);
    const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    assert.deepEqual(sum.structuredContent, { sum: 5 });
    const confirmed = await client.callTool({ name: 'confirm', arguments: { action: 'deploy' } });
    assert.deepEqual(confirmed.content, [{ type: 'text', text: 'confirmed deploy' }], 'input_required round trip');
    const item = await client.readResource({ uri: 'test://modern/items/7' });
    assert.deepEqual(JSON.parse(item.contents[0].text), { id: '7' });
    const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } });
    assert.equal(prompt.messages[0].content.text, 'Say hello to Ada.');
    await client.close();
  } finally {
    await server.close();
  }
  await assertRefused(server.url);
});

test('the modern server also answers a 2025-era client, unless started modern-only', async () => {
  const both = await startModernServer();
  const modernOnly = await startModernServer({ legacy: 'reject' });
  try {
    const client = new LegacyClient(CLIENT_INFO);
    await client.connect(new LegacyStreamableHttp(new URL(both.url)));
    const result = await client.callTool({ name: 'echo', arguments: { message: 'old' } });
    assert.deepEqual(result.content, [{ type: 'text', text: 'old' }]);
    await client.close();

    const refused = new LegacyClient(CLIENT_INFO);
    await assert.rejects(refused.connect(new LegacyStreamableHttp(new URL(modernOnly.url))), /-32022.*"supported":\["2026-07-28"\]/);
    await refused.close();
  } finally {
    await Promise.all([both.close(), modernOnly.close()]);
  }
  await assertRefused(both.url);
  await assertRefused(modernOnly.url);
});

test('the modern server refuses a non-loopback Origin (DNS rebinding guard)', async () => {
  const server = await startModernServer();
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { ...MODERN_HEADERS, origin: 'http://evil.example', 'mcp-method': 'server/discover' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: MODERN_META } }),
    });
    assert.equal(response.status, 403);
    await response.body?.cancel();
  } finally {
    await server.close();
  }
});

test('withCors lets a browser origin reach the modern server, which sends no CORS headers itself', async () => {
  const server = await startModernServer();
  const proxy = await withCors(server.url);
  try {
    assertLoopback(proxy.url);
    assert.equal(new URL(proxy.url).pathname, '/mcp');
    const direct = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: BROWSER_ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(direct.headers.get('access-control-allow-origin'), null, 'upstream has no CORS of its own');
    await direct.body?.cancel();

    const requested = 'content-type, mcp-protocol-version, mcp-method, mcp-name, mcp-param-region';
    const preflight = await fetch(proxy.url, {
      method: 'OPTIONS',
      headers: {
        origin: BROWSER_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': requested,
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), BROWSER_ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-headers'), requested);

    const discover = await fetch(proxy.url, {
      method: 'POST',
      headers: { ...MODERN_HEADERS, origin: BROWSER_ORIGIN, 'mcp-method': 'server/discover' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: MODERN_META } }),
    });
    assert.equal(discover.status, 200);
    assert.equal(discover.headers.get('access-control-allow-origin'), BROWSER_ORIGIN);
    assert.match(discover.headers.get('access-control-expose-headers'), /mcp-session-id/);
    assert.ok((await discover.json()).result.supportedVersions.includes('2026-07-28'));

    const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
    assert.equal(client.getProtocolEra(), 'modern', 'auto negotiation through the proxy lands on 2026-07-28');
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'via proxy' } });
    assert.deepEqual(echoed.content, [{ type: 'text', text: 'via proxy' }]);
    await client.close();
  } finally {
    await Promise.all([proxy.close(), server.close()]);
  }
  await assertRefused(proxy.url);
});

test('a server-everything child dies with the process that started it, even one killed by SIGKILL', async () => {
  const starter = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(SERVERS_MODULE)});
       const s = await m.startEverythingStreamableHttp();
       process.stdout.write(JSON.stringify({ pid: s.pid, url: s.url }) + '\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      starter.stdout.setEncoding('utf8').on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      starter.once('exit', (code) => reject(new Error(`starter exited early (${code})`)));
    });
    const { pid, url } = JSON.parse(line);
    assert.ok(processExists(pid));
    starter.kill('SIGKILL');
    await assertProcessGone(pid, 5_000);
    await assertRefused(url);
  } finally {
    starter.kill('SIGKILL');
  }
});
