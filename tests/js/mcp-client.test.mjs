// The package's McpClient (pkg/node.js, built by `make package`) against @modelcontextprotocol/server-everything in
// its Streamable HTTP mode, started on 127.0.0.1 by this file and stopped at the end.
//
// run: make package && node --test tests/js/mcp-client.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { McpClient, McpError, ValidationError } from '../../pkg/node.js';
import { startEverythingStreamableHttp } from '../support/mcp-servers.mjs';

// The tools server-everything registers for every client (dist/tools/index.js, `registerTools`).
const ALWAYS_REGISTERED_TOOLS = [
  'echo',
  'get-annotated-message',
  'get-env',
  'get-resource-links',
  'get-resource-reference',
  'get-structured-content',
  'get-sum',
  'get-tiny-image',
  'gzip-file-as-resource',
  'toggle-simulated-logging',
  'toggle-subscriber-updates',
  'trigger-long-running-operation',
];

describe('McpClient over Streamable HTTP (server-everything)', () => {
  let server;
  let client;

  before(async () => {
    server = await startEverythingStreamableHttp();
    client = new McpClient({ url: server.url, timeoutMs: 15_000 });
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  it('has no handshake data before connect()', () => {
    assert.equal(client.protocolVersion, undefined);
    assert.equal(client.serverInfo, undefined);
    assert.equal(client.capabilities, undefined);
  });

  it('connects and exposes the negotiated version, server info and capabilities', async () => {
    assert.equal(await client.connect(), undefined);
    assert.equal(client.protocolVersion, '2025-11-25');
    assert.equal(client.serverInfo.name, 'mcp-servers/everything');
    assert.equal(typeof client.serverInfo.version, 'string');
    for (const capability of ['tools', 'resources', 'prompts']) {
      assert.equal(typeof client.capabilities[capability], 'object', capability);
    }
  });

  it('lists every tool the server registers', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    assert.equal(new Set(names).size, names.length, 'no tool listed twice');
    for (const name of ALWAYS_REGISTERED_TOOLS) assert.ok(names.includes(name), `${name} listed`);
    for (const tool of tools) assert.equal(tool.inputSchema.type, 'object', `${tool.name} has an object schema`);
  });

  it('calls echo', async () => {
    const result = await client.callTool('echo', { message: 'héllo ✓' });
    assert.deepEqual(result.content, [{ type: 'text', text: 'Echo: héllo ✓' }]);
    assert.notEqual(result.isError, true);
  });

  it('calls get-sum', async () => {
    const result = await client.callTool('get-sum', { a: 2, b: 40.5 });
    assert.equal(result.content[0].type, 'text');
    assert.match(result.content[0].text, /The sum of 2 and 40\.5 is 42\.5/);
  });

  it('lists and reads a resource', async () => {
    const { resources } = await client.listResources();
    const doc = resources.find((r) => r.name === 'architecture.md');
    assert.ok(doc, 'architecture.md listed');
    const { contents } = await client.readResource(doc.uri);
    assert.equal(contents.length, 1);
    assert.equal(contents[0].uri, doc.uri);
    assert.equal(contents[0].mimeType, 'text/markdown');
    assert.match(contents[0].text, /Architecture/);
  });

  it('lists prompts and gets one with arguments', async () => {
    const { prompts } = await client.listPrompts();
    const names = prompts.map((p) => p.name);
    for (const name of ['simple-prompt', 'args-prompt']) assert.ok(names.includes(name), `${name} listed`);
    const { messages } = await client.getPrompt('args-prompt', { city: 'Paris', state: 'Texas' });
    assert.equal(messages[0].role, 'user');
    assert.match(messages[0].content.text, /Paris/);
    const simple = await client.getPrompt('simple-prompt');
    assert.equal(simple.messages[0].content.text, 'This is a simple prompt without arguments.');
  });

  it('reports an unknown tool as an isError result, as this server does', async () => {
    const result = await client.callTool('no-such-tool', {});
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /no-such-tool/);
  });

  it('turns a JSON-RPC error into McpError with its code', async () => {
    const error = await client.getPrompt('no-such-prompt').then(
      () => assert.fail('expected an McpError'),
      (e) => e,
    );
    assert.ok(error instanceof McpError, String(error));
    assert.equal(error.reason, 'rpc');
    assert.equal(typeof error.code, 'number');
    assert.ok(error.code < 0, `JSON-RPC code ${error.code}`);
  });

  it('rejects bad arguments before sending anything', async () => {
    await assert.rejects(client.callTool(42, {}), (e) => e instanceof ValidationError && e.field === 'name');
    await assert.rejects(client.readResource(undefined), (e) => e instanceof ValidationError && e.field === 'uri');
    assert.throws(() => new McpClient({}), (e) => e instanceof ValidationError && e.field === 'options.url');
    assert.throws(
      () => new McpClient({ url: server.url, timeoutMs: -1 }),
      (e) => e instanceof ValidationError && e.field === 'options.timeoutMs',
    );
  });

  it('times a slow request out with McpError and keeps working after', async () => {
    const slow = new McpClient({ url: server.url, timeoutMs: 800 });
    await slow.connect();
    try {
      const started = Date.now();
      const error = await slow.callTool('trigger-long-running-operation', { duration: 5, steps: 5 }).then(
        () => assert.fail('expected a timeout'),
        (e) => e,
      );
      assert.ok(error instanceof McpError, String(error));
      assert.equal(error.reason, 'timeout');
      assert.equal(error.timeoutMs, 800);
      assert.ok(Date.now() - started < 4_000, 'gave up near the deadline');
      const echo = await slow.callTool('echo', { message: 'still here' });
      assert.equal(echo.content[0].text, 'Echo: still here');
    } finally {
      await slow.close();
    }
  });

  it('runs concurrent calls one after the other, each getting its own answer', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => client.callTool('get-sum', { a: n, b: n })));
    assert.deepEqual(
      results.map((r) => r.content[0].text),
      [1, 2, 3].map((n) => `The sum of ${n} and ${n} is ${2 * n}.`),
    );
  });

  it('re-initializes when the server has dropped the session, and goes through the injected fetch', async () => {
    const sessions = [];
    const seen = [];
    const fetch = async (url, init) => {
      seen.push(init.method);
      const response = await globalThis.fetch(url, init);
      const id = response.headers.get('mcp-session-id');
      if (id && !sessions.includes(id)) sessions.push(id);
      return response;
    };
    const recovering = new McpClient({ url: server.url, fetch, headers: { 'x-test': 'yes' } });
    await recovering.connect();
    try {
      assert.equal(sessions.length, 1);
      assert.deepEqual(seen, ['POST', 'POST'], 'initialize, then initialized');
      // End the session behind the client's back, as a server restart would.
      const killed = await globalThis.fetch(server.url, {
        method: 'DELETE',
        headers: { 'mcp-session-id': sessions[0], 'mcp-protocol-version': recovering.protocolVersion },
      });
      assert.ok(killed.ok, `DELETE answered ${killed.status}`);
      const result = await recovering.callTool('echo', { message: 'again' });
      assert.equal(result.content[0].text, 'Echo: again');
      assert.equal(sessions.length, 2, 'a second session was started');
      assert.equal(recovering.protocolVersion, '2025-11-25');
    } finally {
      await recovering.close();
    }
    assert.equal(seen.at(-1), 'DELETE', 'close() ends the session');
  });

  it('closes the session: later calls fail with McpError', async () => {
    const other = new McpClient({ url: server.url });
    await other.connect();
    await other.close();
    assert.equal(other.protocolVersion, undefined);
    await assert.rejects(other.listTools(), (e) => e instanceof McpError && e.reason === 'transport');
  });
});
