// The OAuth test deployment's own suite (tests/support/mcp-oauth-servers.mjs), without the package: the official
// v2 TypeScript SDK's OAuth client goes through it end to end (so the servers speak the protocol the way another
// implementation reads it), and each knob the package's tests rely on is checked over plain HTTP.
//
// run: node --test tests/js/mcp-oauth-servers.test.mjs

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { followAuthorization, startOAuthServers } from '../support/mcp-oauth-servers.mjs';

const REDIRECT = 'http://127.0.0.1:9/callback';
const CONFIDENTIAL = { clientId: 'servers-suite-confidential', clientSecret: 'servers-suite-secret-0123456789', redirectUris: [REDIRECT] };
const PUBLIC = { clientId: 'servers-suite-public', redirectUris: [REDIRECT] };

/** The v2 SDK's OAuthClientProvider, in memory, its redirect followed the way followAuthorization does. */
function referenceProvider() {
  const saved = {};
  return {
    saved,
    get redirectUrl() {
      return REDIRECT;
    },
    get clientMetadata() {
      return { redirect_uris: [REDIRECT], client_name: 'reference', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
    },
    clientInformation: () => saved.client,
    saveClientInformation: (c) => void (saved.client = c),
    tokens: () => saved.tokens,
    saveTokens: (t) => void (saved.tokens = t),
    redirectToAuthorization: async (url) => void (saved.callback = await followAuthorization(url.href)),
    saveCodeVerifier: (v) => void (saved.verifier = v),
    codeVerifier: () => saved.verifier,
    state: () => randomBytes(16).toString('base64url'),
    saveDiscoveryState: (d) => void (saved.discovery = d),
    discoveryState: () => saved.discovery,
  };
}

/** A PKCE pair. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(servers, { clientId = PUBLIC.clientId, redirectUri = REDIRECT, challenge, method = 'S256', state = 'st-1234567890', scope = 'mcp', resource = servers.mcpUrl } = {}) {
  const u = new URL(`${servers.issuer}/authorize`);
  const params = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: method, state, scope, resource };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.href;
}

async function tokenRequest(servers, fields, headers = {}) {
  const res = await fetch(servers.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { status: res.status, body: await res.json() };
}

/** A code for the public client through /authorize, and the verifier that redeems it. */
async function codeFor(servers, options = {}) {
  const { verifier, challenge } = pkce();
  const callback = new URL(await followAuthorization(authorizeUrl(servers, { challenge, ...options })));
  return { verifier, callback, code: callback.searchParams.get('code') };
}

async function redeem(servers, code, verifier, extra = {}) {
  return tokenRequest(servers, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: PUBLIC.clientId, resource: servers.mcpUrl, ...extra });
}

/** A 2025-era initialize POST to an MCP endpoint with `token`. */
function initialize(url, token) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'servers-suite', version: '0' } } }),
  });
}

describe('the OAuth test servers', () => {
  let servers;
  before(async () => {
    servers = await startOAuthServers({ clients: [CONFIDENTIAL, PUBLIC] });
  });
  after(async () => {
    await servers?.close();
  });
  beforeEach(() => servers.reset());

  it('the official SDK client registers, authorizes with PKCE and calls a tool; no secret goes where it must not', async () => {
    const provider = referenceProvider();
    const make = () => new StreamableHTTPClientTransport(new URL(servers.mcpUrl), { authProvider: provider });
    const first = make();
    await assert.rejects(() => new Client({ name: 'reference', version: '1' }).connect(first), /Unauthorized/);
    assert.ok(provider.saved.callback?.startsWith(`${REDIRECT}?`), 'the authorization redirected to the callback');
    await first.finishAuth(new URL(provider.saved.callback).searchParams);
    const client = new Client({ name: 'reference', version: '1' });
    await client.connect(make());
    const result = await client.callTool({ name: 'echo', arguments: { message: 'through OAuth' } });
    assert.equal(result.content[0].text, 'through OAuth');
    await client.close();
    const paths = servers.requests.map((r) => `${r.server} ${r.method} ${r.path} ${r.status}`);
    for (const step of ['mcp POST /mcp 401', 'mcp GET /.well-known/oauth-protected-resource/mcp 200', 'as GET /.well-known/oauth-authorization-server 200', 'as POST /register 201', 'as GET /authorize 302', 'as POST /token 200', 'mcp POST /mcp 200']) {
      assert.ok(paths.includes(step), `${step} in:\n${paths.join('\n')}`);
    }
    assert.deepEqual(servers.leaks(), []);
    const authorize = new URL(servers.requests.find((r) => r.path === '/authorize').url);
    assert.equal(authorize.searchParams.get('resource'), servers.mcpUrl, 'the reference client sends RFC 8707 resource too');
  });

  it('401 carries the challenge; PRM and AS metadata say what the flow needs', async () => {
    const res = await initialize(servers.mcpUrl);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), `Bearer resource_metadata="${servers.prmUrl}", scope="mcp"`);
    servers.set({ metadataInHeader: false, challengeScope: undefined });
    assert.equal((await initialize(servers.mcpUrl)).headers.get('www-authenticate'), 'Bearer');
    const prm = await (await fetch(servers.prmUrl)).json();
    assert.equal(prm.resource, servers.mcpUrl);
    assert.deepEqual(prm.authorization_servers, [servers.issuer]);
    const root = await (await fetch(new URL('/.well-known/oauth-protected-resource', servers.mcpUrl))).json();
    assert.deepEqual(root, prm);
    const meta = await (await fetch(`${servers.issuer}/.well-known/oauth-authorization-server`)).json();
    assert.equal(meta.issuer, servers.issuer);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    servers.set({ metadataIssuer: 'http://127.0.0.1:9', prmResource: 'http://127.0.0.1:9/mcp' });
    assert.equal((await (await fetch(`${servers.issuer}/.well-known/oauth-authorization-server`)).json()).issuer, 'http://127.0.0.1:9');
    assert.equal((await (await fetch(servers.prmUrl)).json()).resource, 'http://127.0.0.1:9/mcp');
    servers.set({ pkceMethods: ['plain'], registration: false });
    const changed = await (await fetch(`${servers.issuer}/.well-known/oauth-authorization-server`)).json();
    assert.deepEqual(changed.code_challenge_methods_supported, ['plain']);
    assert.equal(changed.registration_endpoint, undefined);
  });

  it('CORS: preflights answered, WWW-Authenticate exposed', async () => {
    const pre = await fetch(servers.mcpUrl, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1');
    assert.match(pre.headers.get('access-control-allow-headers'), /authorization/);
    const res = await initialize(servers.mcpUrl);
    assert.match(res.headers.get('access-control-expose-headers'), /www-authenticate/);
  });

  it('the code flow: PKCE verified, codes single-use, tokens bound to their resource', async () => {
    const { verifier, callback, code } = await codeFor(servers);
    assert.equal(callback.searchParams.get('state'), 'st-1234567890');
    assert.equal(callback.searchParams.get('iss'), servers.issuer);
    const wrong = await redeem(servers, code, pkce().verifier);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant', 'a wrong verifier is refused (and the code is spent)');
    const again = await codeFor(servers);
    const ok = await redeem(servers, again.code, again.verifier);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.match(ok.body.access_token, /^at-/);
    assert.match(ok.body.refresh_token, /^rt-/);
    assert.equal((await redeem(servers, again.code, again.verifier)).body.error, 'invalid_grant', 'a code works once');
    assert.equal((await initialize(servers.mcpUrl, ok.body.access_token)).status, 200);
    const elsewhere = await initialize(servers.otherUrl, ok.body.access_token);
    assert.equal(elsewhere.status, 401, 'a token for mcp is refused by the other server');
    assert.match(elsewhere.headers.get('www-authenticate'), /invalid_token/);
    assert.deepEqual(servers.leaks(), [`an access token for ${servers.mcpUrl} sent to POST other:/mcp`]);
    assert.equal(verifier.length, 43);
  });

  it('knobs: wrong state, wrong or missing iss, denial; an unregistered redirect URI gets a page, not a redirect', async () => {
    servers.set({ wrongState: true });
    assert.notEqual((await codeFor(servers)).callback.searchParams.get('state'), 'st-1234567890');
    servers.set({ wrongState: false, wrongIss: true });
    assert.notEqual((await codeFor(servers)).callback.searchParams.get('iss'), servers.issuer);
    servers.set({ wrongIss: false, omitIss: true });
    assert.equal((await codeFor(servers)).callback.searchParams.has('iss'), false);
    servers.set({ omitIss: false, denyWith: 'access_denied' });
    const denied = (await codeFor(servers)).callback;
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.has('code'), false);
    servers.reset();
    const res = await fetch(authorizeUrl(servers, { challenge: pkce().challenge, redirectUri: 'http://127.0.0.1:9/elsewhere' }), { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    const plain = new URL(await followAuthorization(authorizeUrl(servers, { challenge: 'x'.repeat(43), method: 'plain' })));
    assert.equal(plain.searchParams.get('error'), 'invalid_request', 'only S256');
  });

  it('refresh: rotation, refusal, short-lived access tokens and step-up scopes', async () => {
    servers.set({ accessTokenTtl: 1 });
    const { code, verifier } = await codeFor(servers);
    const first = (await redeem(servers, code, verifier)).body;
    assert.equal(first.expires_in, 1);
    servers.expireAccessTokens();
    assert.equal((await initialize(servers.mcpUrl, first.access_token)).status, 401);
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: PUBLIC.clientId, resource: servers.mcpUrl };
    const second = await tokenRequest(servers, refresh);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.refresh_token);
    assert.equal((await tokenRequest(servers, refresh)).body.error, 'invalid_grant', 'a refresh token works once');
    servers.set({ refuseRefresh: true });
    assert.equal((await tokenRequest(servers, { ...refresh, refresh_token: second.body.refresh_token })).body.error, 'invalid_grant');

    servers.reset();
    servers.set({ toolScopes: { add: 'mcp:admin' } });
    const { code: c2, verifier: v2 } = await codeFor(servers);
    const token = (await redeem(servers, c2, v2)).body.access_token;
    const call = (name) =>
      fetch(servers.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: { a: 1, b: 2 } } }),
      });
    const refused = await call('add');
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('www-authenticate'), /^Bearer error="insufficient_scope", scope="mcp mcp:admin", resource_metadata="/);
    assert.notEqual((await call('echo')).status, 403, 'other tools need no more scope');
  });

  it('client credentials (basic and post), wrong secrets, and a missing access_token on demand', async () => {
    const basic = `Basic ${Buffer.from(`${CONFIDENTIAL.clientId}:${CONFIDENTIAL.clientSecret}`).toString('base64')}`;
    const viaBasic = await tokenRequest(servers, { grant_type: 'client_credentials', resource: servers.mcpUrl }, { authorization: basic });
    assert.equal(viaBasic.status, 200);
    assert.equal(viaBasic.body.refresh_token, undefined);
    const viaPost = await tokenRequest(servers, { grant_type: 'client_credentials', resource: servers.mcpUrl, client_id: CONFIDENTIAL.clientId, client_secret: CONFIDENTIAL.clientSecret });
    assert.equal(viaPost.status, 200);
    const wrong = await tokenRequest(servers, { grant_type: 'client_credentials', resource: servers.mcpUrl, client_id: CONFIDENTIAL.clientId, client_secret: 'nope' });
    assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalid_client']);
    const publicOne = await tokenRequest(servers, { grant_type: 'client_credentials', resource: servers.mcpUrl, client_id: PUBLIC.clientId });
    assert.equal(publicOne.body.error, 'unauthorized_client');
    servers.set({ omitAccessToken: true });
    const empty = await tokenRequest(servers, { grant_type: 'client_credentials', resource: servers.mcpUrl }, { authorization: basic });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.access_token, undefined);
  });

  it('a Client ID Metadata Document is fetched and its redirect_uris enforced', async () => {
    const doc = createServer((req, res) => {
      const url = `http://${req.headers.host}/client.json`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ client_id: url, client_name: 'cimd', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }));
    });
    await new Promise((ok) => doc.listen(0, '127.0.0.1', ok));
    try {
      const clientId = `http://127.0.0.1:${doc.address().port}/client.json`;
      const { verifier, challenge } = pkce();
      const callback = new URL(await followAuthorization(authorizeUrl(servers, { clientId, challenge })));
      const body = await tokenRequest(servers, { grant_type: 'authorization_code', code: callback.searchParams.get('code'), code_verifier: verifier, redirect_uri: REDIRECT, client_id: clientId, resource: servers.mcpUrl });
      assert.equal(body.status, 200, JSON.stringify(body.body));
      const bad = await fetch(authorizeUrl(servers, { clientId, challenge, redirectUri: 'http://127.0.0.1:9/other' }), { redirect: 'manual' });
      assert.equal(bad.status, 400);
    } finally {
      await new Promise((ok) => doc.close(ok));
    }
  });
});
