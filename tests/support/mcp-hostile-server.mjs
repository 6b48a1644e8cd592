// A scriptable MCP server that misbehaves on purpose, for the client's bad-input tests. node:http on 127.0.0.1, on a
// port the OS picks; the test that starts it stops it with close().
//
//   const server = await startHostileServer((req, res) => { ... });   // or server.handler = ... later
//
// Every request is read whole (the client only sends small ones) and recorded in `server.requests` as
//   { method, path, headers, body, json, rpcMethod, rpcId, closed, closedAt }
// where `json` is the parsed body (undefined when not JSON), `rpcMethod`/`rpcId` its JSON-RPC method and id, and
// `closed` turns true when the connection of the answer closes (the client aborted it, or it ended). The handler then
// answers however the test scripts it: whole JSON (`sendJson`), an event stream it writes event by event
// (`openSse`), raw bytes straight onto the socket (`writeRawResponse`, for headers node:http refuses to send).
//
// `streamableScript(routes)` is the usual well-behaved 2025-11-25 server around a test's misbehaviour: it answers
// `initialize` with a session id, acknowledges notifications and responses with 202, refuses the standalone GET
// stream (405) and the DELETE (200), and hands every other JSON-RPC request to `routes[method]` (`ping` answered with
// `{}` unless scripted). Tests keep control of exactly the exchange they break.
import { createServer } from 'node:http';

export const LATEST_STREAMABLE = '2025-11-25';

export async function startHostileServer(handler) {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const record = {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body,
        json,
        rpcMethod: json && typeof json === 'object' ? json.method : undefined,
        rpcId: json && typeof json === 'object' ? json.id : undefined,
        closed: false,
        closedAt: undefined,
        at: Date.now(),
      };
      requests.push(record);
      res.on('close', () => {
        record.closed = true;
        record.closedAt = Date.now();
      });
      Promise.resolve()
        .then(() => (api.handler ?? notFound)(record, res, api))
        .catch((e) => {
          if (!res.headersSent) sendJson(res, { error: String(e) }, { status: 500 });
          else res.destroy();
        });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const api = {
    handler,
    requests,
    port,
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/mcp`,
    /** Requests whose JSON-RPC method is `method`. */
    rpc(method) {
      return requests.filter((r) => r.rpcMethod === method);
    },
    /** JSON-RPC responses the client POSTed (no method, an id, a result or an error). */
    responses() {
      return requests.filter((r) => r.json && r.json.method === undefined && r.json.id !== undefined);
    },
    /** Resolves with `predicate()`'s first truthy value; rejects after `ms`. */
    async waitFor(predicate, ms = 3000, what = 'condition') {
      const until = Date.now() + ms;
      for (;;) {
        const value = predicate();
        if (value) return value;
        if (Date.now() > until) throw new Error(`hostile server: timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return api;
}

function notFound(_req, res) {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not scripted');
}

export function sendJson(res, value, { status = 200, headers = {} } = {}) {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** Opens an event stream; returns { event(data, {id, event}), raw(text), end() }. Data objects are JSON-encoded. */
export function openSse(res, { status = 200, headers = {} } = {}) {
  res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...headers });
  res.flushHeaders();
  return {
    event(data, { id, event } = {}) {
      let text = '';
      if (event) text += `event: ${event}\n`;
      if (id !== undefined) text += `id: ${id}\n`;
      const payload = typeof data === 'string' ? data : JSON.stringify(data);
      for (const line of payload.split('\n')) text += `data: ${line}\n`;
      return res.write(`${text}\n`);
    },
    raw(text) {
      return res.write(text);
    },
    end() {
      res.end();
    },
    get closed() {
      return res.destroyed || res.writableEnded;
    },
  };
}

/** A whole HTTP/1.1 response written on the socket as given: headers node:http would refuse stay as they are. */
export function writeRawResponse(res, { status = 200, reason = 'OK', headers = [], body = '' }) {
  const socket = res.socket;
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  socket.end(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1'));
}

export const result = (id, value = {}) => ({ jsonrpc: '2.0', id, result: value });
export const rpcError = (id, code, message, data) => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

export function initializeResult(version = LATEST_STREAMABLE, extra = {}) {
  return {
    protocolVersion: version,
    capabilities: { tools: {} },
    serverInfo: { name: 'hostile', version: '0.0.1' },
    ...extra,
  };
}

/**
 * A 2025-11-25 server whose JSON-RPC requests go to `routes[method](record, res, api)`; `initialize`, notifications,
 * the client's responses, GET and DELETE get sane answers unless `routes` scripts them too (keys `initialize`,
 * `GET`, `DELETE`). `sessionId()` names each new session (default s1, s2, ...).
 */
export function streamableScript(routes = {}, { sessionId } = {}) {
  let sessions = 0;
  const nextSession = sessionId ?? (() => `s${++sessions}`);
  return (req, res, api) => {
    if (req.method === 'GET') return routes.GET ? routes.GET(req, res, api) : res.writeHead(405).end();
    if (req.method === 'DELETE') return routes.DELETE ? routes.DELETE(req, res, api) : res.writeHead(200).end();
    const msg = req.json;
    if (!msg || typeof msg !== 'object') return sendJson(res, rpcError(null, -32700, 'parse error'), { status: 400 });
    if (msg.method === 'initialize') {
      if (routes.initialize) return routes.initialize(req, res, api);
      return sendJson(res, result(msg.id, initializeResult()), { headers: { 'mcp-session-id': nextSession() } });
    }
    if (msg.method === undefined || msg.id === undefined) return res.writeHead(202).end();
    const route = routes[msg.method];
    if (route) return route(req, res, api);
    if (msg.method === 'ping') return sendJson(res, result(msg.id, {}));
    return sendJson(res, rpcError(msg.id, -32601, `no route for ${msg.method}`));
  };
}
