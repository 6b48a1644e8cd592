// McpClient's OAuth authorization code flow in Node against real servers on 127.0.0.1: the modern MCP server behind a
// guard that takes only tokens its authorization server issued (401 with `resource_metadata` otherwise), and that
// authorization server on another port (another origin) with metadata, dynamic registration, an auto-approving
// authorize endpoint (redirect with code, state and iss), and a token endpoint checking PKCE and `resource`. Covers:
// the popup shape (onAuthorize returns the callback), the redirect shape (onAuthorize returns nothing, finishAuth in
// a second client sharing the storage), a wrong `state` refused with nothing stored, refresh before expiry and after
// a refused refresh token, and that no token ever reaches the authorization server or shows in an error.
//
// run: make package && node --test tests/js/mcp-oauth-flow-node.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';

import { AuthError, McpClient, McpError } from '../../pkg/node.js';
import { closeServer, listenOnLoopback, startModernServer } from '../support/mcp-servers.mjs';

const REDIRECT_URI = 'http://127.0.0.1:1/callback';

const listen = listenOnLoopback;
const close = closeServer;

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

function json(res, status, value, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** The authorization server: everything it saw is in `requests`; `tokens` are the access tokens it issued. */
async function startAuthServer() {
  const state = { requests: [], tokens: new Set(), refresh: new Map(), codes: new Map(), expiresIn: 3600, clients: 0, broken: false };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const body = await readBody(req);
    state.requests.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
    const issuer = state.issuer;
    if (url.pathname === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        registration_endpoint: `${issuer}/register`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
        scopes_supported: ['mcp:tools', 'offline_access'],
      });
    }
    if (url.pathname === '/register' && req.method === 'POST') {
      state.clients += 1;
      return json(res, 201, { ...JSON.parse(body), client_id: `client-${state.clients}` });
    }
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const code = `code-${randomBytes(8).toString('hex')}`;
      state.codes.set(code, { challenge: q.get('code_challenge'), resource: q.get('resource'), client: q.get('client_id') });
      const back = new URL(q.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state'));
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const issue = () => {
        const access = `at-${randomBytes(12).toString('hex')}`;
        const refresh = `rt-${randomBytes(12).toString('hex')}`;
        state.tokens.add(access);
        state.refresh.set(refresh, true);
        return { access_token: access, token_type: 'Bearer', expires_in: state.expiresIn, refresh_token: refresh, scope: 'mcp:tools' };
      };
      if (form.get('grant_type') === 'authorization_code') {
        const grant = state.codes.get(form.get('code'));
        state.codes.delete(form.get('code'));
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!grant || grant.challenge !== challenge || grant.resource !== form.get('resource')) {
          return json(res, 400, { error: 'invalid_grant' });
        }
        if (state.broken) return json(res, 200, { token_type: 'Bearer', echo: body });
        return json(res, 200, issue());
      }
      if (form.get('grant_type') === 'refresh_token') {
        if (!state.refresh.get(form.get('refresh_token'))) return json(res, 400, { error: 'invalid_grant' });
        state.refresh.delete(form.get('refresh_token'));
        return json(res, 200, issue());
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    json(res, 404, { error: 'not_found' });
  });
  const port = await listen(server);
  state.issuer = `http://127.0.0.1:${port}`;
  return { state, close: () => close(server) };
}

/** The guard in front of the MCP server: its protected resource metadata, then only tokens of `auth` pass. */
async function startGuard(upstreamUrl, auth) {
  const upstream = new URL(upstreamUrl);
  const seen = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/.well-known/oauth-protected-resource/mcp') {
      return json(res, 200, { resource: guard.url, authorization_servers: [auth.state.issuer], scopes_supported: ['mcp:tools'] });
    }
    seen.push(req.headers.authorization ?? null);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !auth.state.tokens.has(bearer)) {
      return json(res, 401, { error: 'invalid_token', echo: req.headers.authorization ?? null }, {
        'www-authenticate': `Bearer resource_metadata="${guard.origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`,
      });
    }
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forwarded.once('error', () => res.end());
    req.pipe(forwarded);
  });
  const port = await listen(server);
  const guard = { origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/mcp`, seen, close: () => close(server) };
  return guard;
}

/** A storage like an app would pass (async, Map-backed), with what it holds visible to the test. */
function memoryStorage() {
  const map = new Map();
  return { map, get: async (k) => map.get(k) ?? null, set: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
}

/** The rejection of `action`, checked to be a `Class`. */
async function rejects(action, Class) {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof Class, `expected ${Class.name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  assert.fail(`expected a ${Class.name}`);
}

/** The user approving at once: the authorization endpoint's redirect is the callback URL. */
async function approve(url) {
  const response = await fetch(url, { redirect: 'manual' });
  return new URL(response.headers.get('location'), url).href;
}

describe('MCP OAuth (authorization code) in Node', () => {
  let modern;
  let auth;
  let guard;
  before(async () => {
    modern = await startModernServer();
    auth = await startAuthServer();
    guard = await startGuard(modern.url, auth);
  });
  after(async () => {
    await guard?.close();
    await auth?.close();
    await modern?.close();
  });

  const client = (storage, onAuthorize) =>
    new McpClient({ url: guard.url, timeoutMs: 20_000, auth: { type: 'oauth', redirectUri: REDIRECT_URI, storage, onAuthorize } });

  it('popup shape: authorizes on the 401, calls the tool, tokens only to the MCP server', async () => {
    const storage = memoryStorage();
    const opened = [];
    const c = client(storage, (url) => (opened.push(url), approve(url)));
    try {
      const result = await c.callTool('echo', { message: 'authorized' });
      assert.equal(result.content[0].text, 'authorized');
      assert.equal(opened.length, 1);
      const query = new URL(opened[0]).searchParams;
      assert.equal(query.get('resource'), guard.url);
      assert.equal(query.get('code_challenge_method'), 'S256');
      assert.equal(query.get('scope'), 'mcp:tools offline_access', 'PRM scopes, plus offline_access the AS lists');
      for (const r of auth.state.requests) {
        assert.ok(!/^Bearer /.test(r.headers.authorization ?? ''), `no bearer token goes to the AS (${r.path})`);
      }
      const sent = guard.seen.filter(Boolean);
      assert.ok(sent.length >= 1 && sent.every((h) => auth.state.tokens.has(h.slice(7))));
      const keys = [...storage.map.keys()];
      assert.ok(keys.includes(`mistral-edge:oauth:v1:${guard.url}`), keys.join());
      assert.ok(keys.includes(`mistral-edge:oauth:v1:${auth.state.issuer} ${guard.url}`), keys.join());
      assert.ok(!keys.some((k) => k.includes('pending')));
      // A second client with the same storage needs no new authorization.
      const again = client(storage, () => assert.fail('no second authorization'));
      assert.equal((await again.callTool('echo', { message: 'stored' })).content[0].text, 'stored');
      await again.close();
    } finally {
      await c.close();
    }
  });

  it('concurrent calls refused together authorize once', async () => {
    let opened = 0;
    const c = client(memoryStorage(), (url) => (opened++, approve(url)));
    const results = await Promise.all(['a', 'b', 'c'].map((message) => c.callTool('echo', { message })));
    assert.deepEqual(results.map((r) => r.content[0].text), ['a', 'b', 'c']);
    assert.equal(opened, 1);
    await c.close();
  });

  it('redirect shape: authorization_pending, then finishAuth in another client with the same storage', async () => {
    const storage = memoryStorage();
    let url;
    const first = client(storage, (u) => void (url = u));
    const pending = await rejects(() => first.listTools(), AuthError);
    assert.ok(pending instanceof McpError);
    assert.equal(pending.reason, 'authorization_pending');
    assert.equal(pending.issuer, auth.state.issuer);
    assert.match(pending.message, /finishAuth/);
    assert.ok([...storage.map.keys()].every((k) => k.includes('pending')), 'only the pending flow is stored');
    const callback = await approve(url);
    const code = new URL(callback).searchParams.get('code');
    const second = client(storage, () => assert.fail('finishAuth completes it'));
    await second.finishAuth(callback);
    assert.equal((await second.callTool('echo', { message: 'after redirect' })).content[0].text, 'after redirect');
    assert.ok(![...storage.map.keys()].some((k) => k.includes('pending')), 'the pending flow is gone');
    const replay = await rejects(() => second.finishAuth(callback), AuthError);
    assert.equal(replay.reason, 'no_pending_authorization');
    assert.ok(!replay.message.includes(code));
    await first.close();
    await second.close();
  });

  it('a wrong state or iss aborts the flow before the code is redeemed, and nothing is stored', async () => {
    for (const [param, value, reason] of [['state', 'forged-state-value', 'state_mismatch'], ['iss', 'https://evil.example', 'iss_mismatch']]) {
      const storage = memoryStorage();
      let url;
      const c = client(storage, (u) => void (url = u));
      await rejects(() => c.listTools(), AuthError);
      const callback = new URL(await approve(url));
      const code = callback.searchParams.get('code');
      callback.searchParams.set(param, value);
      const tokenCalls = auth.state.requests.filter((r) => r.path === '/token').length;
      const error = await rejects(() => c.finishAuth(callback.href), AuthError);
      assert.equal(error.reason, reason);
      for (const text of [error.message, String(error), JSON.stringify(error)]) assert.ok(!text.includes(code), text);
      assert.equal(auth.state.requests.filter((r) => r.path === '/token').length, tokenCalls, 'the code was not sent');
      assert.ok([...storage.map.keys()].every((k) => k.includes('pending')), 'no credentials stored');
      await c.close();
    }
  });

  it('refreshes an expiring token, and authorizes again when the refresh token is refused', async () => {
    auth.state.expiresIn = 5; // inside the client's 30 s margin: every call refreshes first
    try {
      const storage = memoryStorage();
      let authorizations = 0;
      const c = client(storage, (url) => (authorizations++, approve(url)));
      await c.callTool('echo', { message: 'one' });
      const before = auth.state.requests.filter((r) => r.path === '/token').length;
      await c.callTool('echo', { message: 'two' });
      const refreshes = auth.state.requests.filter((r) => r.path === '/token').slice(before);
      assert.ok(refreshes.length >= 1);
      const form = new URLSearchParams(refreshes[0].body);
      assert.equal(form.get('grant_type'), 'refresh_token');
      assert.equal(form.get('resource'), guard.url);
      assert.equal(authorizations, 1);
      auth.state.refresh.clear(); // every refresh token revoked: invalid_grant
      auth.state.tokens.clear();
      assert.equal((await c.callTool('echo', { message: 'three' })).content[0].text, 'three');
      assert.equal(authorizations, 2, 'a refused refresh token means a new authorization');
      await c.close();
    } finally {
      auth.state.expiresIn = 3600;
    }
  });

  it("onAuthorize's throw reaches the caller as is; a token response without access_token stores nothing", async () => {
    const thrown = new Error('the user closed the popup');
    const c = client(memoryStorage(), () => Promise.reject(thrown));
    await assert.rejects(() => c.listTools(), (e) => e === thrown);
    await c.close();
    auth.state.broken = true;
    try {
      const storage = memoryStorage();
      let verifier;
      const broken = client(storage, async (url) => {
        verifier = new URL(url).searchParams.get('code_challenge');
        return approve(url);
      });
      const error = await rejects(() => broken.listTools(), AuthError);
      assert.equal(error.reason, 'missing_access_token');
      assert.ok(verifier);
      const sent = auth.state.requests.filter((r) => r.path === '/token').at(-1).body;
      const code = new URLSearchParams(sent).get('code');
      const codeVerifier = new URLSearchParams(sent).get('code_verifier');
      for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
        assert.ok(!text.includes(code) && !text.includes(codeVerifier), text);
      }
      assert.equal(storage.map.size, 0, 'a failed flow stores nothing');
      await broken.close();
    } finally {
      auth.state.broken = false;
    }
  });

  it('bad options are ValidationErrors naming the field', () => {
    const bad = [
      [{ type: 'oauth', onAuthorize: () => {} }, 'options.auth.redirectUri'],
      [{ type: 'oauth', redirectUri: 'ftp://x/cb', onAuthorize: () => {} }, 'options.auth.redirectUri'],
      [{ type: 'oauth', redirectUri: REDIRECT_URI }, 'options.auth.onAuthorize'],
      [{ type: 'oauth', redirectUri: REDIRECT_URI, onAuthorize: () => {}, clientMetadataUrl: 'http://x/c.json' }, 'options.auth.clientMetadataUrl'],
      [{ type: 'oauth', redirectUri: REDIRECT_URI, onAuthorize: () => {}, clientSecret: 's3cret-value' }, 'options.auth.clientId'],
      [{ type: 'oauth', redirectUri: REDIRECT_URI, onAuthorize: () => {}, storage: { get() {} } }, 'options.auth.storage.set'],
    ];
    for (const [authOption, field] of bad) {
      assert.throws(() => new McpClient({ url: 'http://127.0.0.1:1/mcp', auth: authOption }), (e) => {
        assert.equal(e.name, 'ValidationError');
        assert.equal(e.field, field);
        assert.ok(!e.message.includes('s3cret-value'));
        return true;
      });
    }
  });
});
