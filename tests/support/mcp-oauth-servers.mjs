// An OAuth-protected MCP deployment for the authorization tests, all on 127.0.0.1 with ports the OS picks:
//
//   mcp    the 2026-07-28 test server of ./mcp-servers.mjs (tools echo, add, confirm) behind a Bearer gate: 401 with
//          `WWW-Authenticate: Bearer resource_metadata=...` without a valid token, 403 `insufficient_scope` for a tool
//          whose scope the token lacks; its protected resource metadata (RFC 9728) at the well-known URLs.
//   other  a second protected MCP server of the same kind, on its own port, trusting the same authorization server:
//          a token issued for `mcp` must never be presented here (and is refused if it is: tokens are audience-bound).
//   as     an authorization server that approves everything without a user: RFC 8414 metadata (S256 only,
//          RFC 9207 `iss`), /authorize redirecting straight back with code, state and iss, /token for the
//          authorization_code (PKCE checked), refresh_token and client_credentials grants, /register (RFC 7591), and
//          Client ID Metadata Documents (a client_id that is an http(s) URL is fetched and checked).
//
// Every request each server sees is recorded (`requests`), with its full URL, headers and body, so a test can assert
// where a token went; `leaks()` does that check: an access token outside the Authorization header of the server it
// was issued for, a refresh token, code or client secret outside the token endpoint, any of them in a URL.
// Behaviour is changed between tests with `set(knobs)` (see KNOBS) and `reset()`. CORS is answered on every server
// (any Origin, WWW-Authenticate exposed), so a page on another loopback origin can run the flow.
//
// startOAuthServers() resolves to { mcpUrl, otherUrl, issuer, prmUrl, requests, set, reset, knobs, addClient,
// issued(), secrets(), leaks(), expireAccessTokens(), revokeAccessTokens(), close() }.
// followAuthorization(url) is what a Node program's `onAuthorize` does: GET the authorization URL without following
// the redirect and give back the Location it answered (the callback URL, code and all).
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { buildModernServer, closeServer, listenOnLoopback, serveWebHandler } from './mcp-servers.mjs';

/** What a test can change; `reset()` puts these back. */
const KNOBS = {
  /** Put `resource_metadata` in the 401 challenge; false: the client must find the PRM at the well-known URLs. */
  metadataInHeader: true,
  /** `scope` of the 401 challenge (undefined: none; the client then uses the PRM's scopes_supported). */
  challengeScope: 'mcp',
  /** The PRM's `scopes_supported`. */
  scopesSupported: ['mcp', 'mcp:admin'],
  /** Tool name -> scope a token needs to call it (403 insufficient_scope otherwise): the step-up case. */
  toolScopes: {},
  /** `code_challenge_methods_supported` of the AS metadata (['plain']: the client must refuse). */
  pkceMethods: ['S256'],
  /** Advertise and serve /register. */
  registration: true,
  /** Advertise `client_id_metadata_document_supported`. */
  clientIdMetadataDocuments: true,
  /** /authorize answers with another `state` than the one it got. */
  wrongState: false,
  /** /authorize answers with another issuer's `iss`. */
  wrongIss: false,
  /** /authorize answers without `iss` (the metadata still promises it). */
  omitIss: false,
  /** /authorize shows a consent page whose "Approve" link (#approve) goes back, instead of redirecting at once. */
  consent: false,
  /** /authorize redirects back with this `error` (e.g. 'access_denied') instead of a code. */
  denyWith: undefined,
  /** Scope the AS grants whatever was asked (undefined: what was asked, or 'mcp' when nothing was). */
  grantScope: undefined,
  /** Lifetime of access tokens, seconds. */
  accessTokenTtl: 3600,
  /** Issue refresh tokens with the authorization_code grant. */
  issueRefreshTokens: true,
  /** Refuse every refresh_token grant with invalid_grant (an expired or revoked refresh token). */
  refuseRefresh: false,
  /** Answer the token endpoint's success without `access_token`. */
  omitAccessToken: false,
  /** The AS metadata names this `issuer` instead of its own (the client must refuse: RFC 8414 §3.3). */
  metadataIssuer: undefined,
  /** The PRM names this `resource` instead of the server's URL (the client must refuse: RFC 9728 §3.3). */
  prmResource: undefined,
  /** Require the RFC 8707 `resource` parameter on /authorize and /token (MCP requires clients to send it). */
  requireResource: true,
};

const CODE_TTL_MS = 60_000;
const BASE_SCOPE = 'mcp';
const secret = (prefix) => `${prefix}-${randomBytes(18).toString('base64url')}`;
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');
const scopesOf = (scope) => new Set(String(scope ?? '').split(' ').filter(Boolean));

/** Reads a request body as text. */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** CORS for a page on any origin: its Origin echoed, the headers the MCP client reads exposed. */
function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-expose-headers': 'www-authenticate, mcp-session-id, mcp-protocol-version, last-event-id',
    vary: 'Origin',
  };
}

function answerPreflight(req, res) {
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  res.writeHead(204, {
    ...corsHeaders(req),
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** The Bearer challenge: RFC 6750 §3 parameters, quoted. */
function challenge(params) {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}="${String(v).replace(/["\\]/g, '\\$&')}"`);
  return parts.length ? `Bearer ${parts.join(', ')}` : 'Bearer';
}

/**
 * @param {{ clients?: Array<{ clientId: string, clientSecret?: string, redirectUris?: string[], authMethod?: string }> }} [options]
 *   pre-registered clients (a secret makes one confidential; its method defaults to client_secret_basic, and
 *   client_secret_post is accepted too).
 */
export async function startOAuthServers({ clients = [] } = {}) {
  const knobs = structuredClone(KNOBS);
  const requests = [];
  /** client_id -> { clientId, clientSecret?, redirectUris, authMethod, source } */
  const registered = new Map();
  const codes = new Map();
  /** access token -> { resource, scope, clientId, expiresAt, revoked } */
  const accessTokens = new Map();
  /** refresh token -> { resource, scope, clientId, used } */
  const refreshTokens = new Map();
  const started = [];

  const addClient = ({ clientId, clientSecret, redirectUris = [], authMethod }) => {
    registered.set(clientId, {
      clientId,
      clientSecret,
      redirectUris,
      authMethod: authMethod ?? (clientSecret ? 'client_secret_basic' : 'none'),
      source: 'preregistered',
    });
  };
  for (const c of clients) addClient(c);

  const record = (server, req, body) => {
    const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
    const entry = {
      server,
      method: req.method,
      url,
      path: new URL(url).pathname,
      headers: { ...req.headers },
      body: body === undefined ? '' : body.toString('utf8'),
      status: undefined,
    };
    requests.push(entry);
    return entry;
  };

  // --- the authorization server ---------------------------------------------------------------------------------
  const as = createServer((req, res) => {
    handleAs(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`authorization server: ${error?.message ?? error}`);
    });
  });
  const asPort = await listenOnLoopback(as);
  started.push(() => closeServer(as));
  const issuer = `http://127.0.0.1:${asPort}`;

  function asMetadata() {
    return {
      issuer: knobs.metadataIssuer ?? issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      ...(knobs.registration ? { registration_endpoint: `${issuer}/register` } : {}),
      scopes_supported: knobs.scopesSupported,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: knobs.pkceMethods,
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: knobs.clientIdMetadataDocuments,
    };
  }

  async function handleAs(req, res) {
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const entry = record('as', req, body);
    const cors = corsHeaders(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    res.once('finish', () => (entry.status = res.statusCode));
    if (answerPreflight(req, res)) return;
    const url = new URL(entry.url);
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      return json(res, 200, asMetadata());
    }
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') return token(req, entry.body, res);
    if (req.method === 'POST' && url.pathname === '/register' && knobs.registration) return register(entry.body, res);
    json(res, 404, { error: 'not_found', path: url.pathname });
  }

  /** The client a client_id names: registered, or a Client ID Metadata Document fetched from it. */
  async function lookUpClient(clientId) {
    const known = registered.get(clientId);
    if (known) return known;
    if (!knobs.clientIdMetadataDocuments || !/^https?:\/\//.test(clientId)) return undefined;
    try {
      const res = await fetch(clientId, { redirect: 'error', signal: AbortSignal.timeout(5000) });
      if (!res.ok) return undefined;
      const doc = await res.json();
      if (doc?.client_id !== clientId || !Array.isArray(doc.redirect_uris)) return undefined;
      return { clientId, redirectUris: doc.redirect_uris, authMethod: 'none', source: 'metadata-document' };
    } catch {
      return undefined;
    }
  }

  async function authorize(url, res) {
    const q = url.searchParams;
    const client = await lookUpClient(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    // An unknown client or redirect URI gets an error page, never a redirect (RFC 6749 §4.1.2.1).
    if (!client) return errorPage(res, 'unknown client_id');
    if (!client.redirectUris.includes(redirectUri)) return errorPage(res, 'redirect_uri is not registered for this client');
    const back = (params) => {
      const target = new URL(redirectUri);
      if (!knobs.omitIss) params.iss = knobs.wrongIss ? 'http://127.0.0.1:9/not-the-issuer' : issuer;
      for (const [k, v] of Object.entries(params)) if (v !== undefined) target.searchParams.set(k, v);
      if (knobs.consent && params.code) {
        const href = target.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`<!DOCTYPE html><title>Consent</title><p>Let ${client.clientId.replace(/[<>&"]/g, '')} use the MCP server?</p><a id="approve" href="${href}">Approve</a>`);
        return;
      }
      res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
      res.end();
    };
    const state = knobs.wrongState ? secret('forged-state') : (q.get('state') ?? undefined);
    const fail = (error, description) => back({ error, error_description: description, state });
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'only code');
    if (!q.get('code_challenge')) return fail('invalid_request', 'PKCE code_challenge is required');
    if (q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (knobs.requireResource && !q.get('resource')) return fail('invalid_target', 'resource is required');
    if (knobs.denyWith) return fail(knobs.denyWith, 'the test said no');
    const code = secret('code');
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge: q.get('code_challenge'),
      scope: knobs.grantScope ?? (q.get('scope') || BASE_SCOPE),
      resource: q.get('resource') ?? undefined,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    back({ code, state });
  }

  function errorPage(res, message) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><title>Authorization error</title><p>${message}</p>`);
  }

  /** The client a token request authenticates as (RFC 6749 §2.3), or an error to answer. */
  async function authenticateClient(req, form) {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let id = form.get('client_id');
    let presented = form.get('client_secret');
    let method = presented ? 'client_secret_post' : 'none';
    if (basic) {
      const [user, pass] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      [id, presented, method] = [decodeURIComponent(user ?? ''), decodeURIComponent(pass ?? ''), 'client_secret_basic'];
      if (form.get('client_secret')) return { error: 'invalid_request', description: 'two client authentication methods' };
    }
    const client = id ? await lookUpClient(id) : undefined;
    if (!client) return { error: 'invalid_client', status: 401 };
    if (client.clientSecret) {
      if (method === 'none' || presented !== client.clientSecret) return { error: 'invalid_client', status: 401 };
    } else if (method !== 'none') {
      return { error: 'invalid_client', status: 401, description: 'a public client has no secret' };
    }
    return { client, method };
  }

  function issue(res, { clientId, scope, resource, refresh }) {
    const access = secret('at');
    accessTokens.set(access, { clientId, scope, resource, expiresAt: Date.now() + knobs.accessTokenTtl * 1000, revoked: false });
    const answer = { token_type: 'Bearer', expires_in: knobs.accessTokenTtl, scope };
    if (!knobs.omitAccessToken) answer.access_token = access;
    if (refresh) {
      const rt = secret('rt');
      refreshTokens.set(rt, { clientId, scope, resource, used: false });
      answer.refresh_token = rt;
    }
    json(res, 200, answer);
  }

  async function token(req, body, res) {
    const form = new URLSearchParams(body);
    const who = await authenticateClient(req, form);
    const fail = (error, description, status = 400) => json(res, status, { error, ...(description ? { error_description: description } : {}) });
    if (who.error) return fail(who.error, who.description, who.status ?? 400);
    const { client } = who;
    const resource = form.get('resource') ?? undefined;
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expiresAt < Date.now()) return fail('invalid_grant', 'unknown, used or expired code');
      code.used = true;
      if (code.clientId !== client.clientId) return fail('invalid_grant', 'the code was issued to another client');
      if (form.get('redirect_uri') !== code.redirectUri) return fail('invalid_grant', 'redirect_uri differs from the authorization request');
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return fail('invalid_grant', 'code_verifier missing or malformed');
      if (s256(verifier) !== code.challenge) return fail('invalid_grant', 'PKCE verification failed');
      if (knobs.requireResource && !resource) return fail('invalid_target', 'resource is required');
      if (resource && code.resource && resource !== code.resource) return fail('invalid_target', 'resource differs from the authorization request');
      return issue(res, { clientId: client.clientId, scope: code.scope, resource: resource ?? code.resource, refresh: knobs.issueRefreshTokens });
    }
    if (grant === 'refresh_token') {
      const rt = refreshTokens.get(form.get('refresh_token') ?? '');
      if (knobs.refuseRefresh || !rt || rt.used || rt.clientId !== client.clientId) return fail('invalid_grant', 'refresh token expired or revoked');
      if (resource && rt.resource && resource !== rt.resource) return fail('invalid_target', 'resource differs from the original grant');
      const asked = form.get('scope');
      if (asked && [...scopesOf(asked)].some((s) => !scopesOf(rt.scope).has(s))) return fail('invalid_scope', 'more than the original grant');
      rt.used = true; // rotation: each refresh token works once
      return issue(res, { clientId: client.clientId, scope: asked || rt.scope, resource: resource ?? rt.resource, refresh: true });
    }
    if (grant === 'client_credentials') {
      if (!client.clientSecret) return fail('unauthorized_client', 'client_credentials needs a confidential client');
      if (knobs.requireResource && !resource) return fail('invalid_target', 'resource is required');
      return issue(res, { clientId: client.clientId, scope: knobs.grantScope ?? (form.get('scope') || BASE_SCOPE), resource, refresh: false });
    }
    return fail('unsupported_grant_type');
  }

  function register(body, res) {
    let meta;
    try {
      meta = JSON.parse(body);
    } catch {
      return json(res, 400, { error: 'invalid_client_metadata', error_description: 'not JSON' });
    }
    const uris = meta?.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string' && /^https?:\/\//.test(u))) {
      return json(res, 400, { error: 'invalid_redirect_uri', error_description: 'redirect_uris must be a non-empty list of URLs' });
    }
    const authMethod = meta.token_endpoint_auth_method ?? 'client_secret_basic';
    if (!['none', 'client_secret_basic', 'client_secret_post'].includes(authMethod)) {
      return json(res, 400, { error: 'invalid_client_metadata', error_description: 'unsupported token_endpoint_auth_method' });
    }
    const clientId = secret('client');
    const clientSecret = authMethod === 'none' ? undefined : secret('cs');
    registered.set(clientId, { clientId, clientSecret, redirectUris: uris, authMethod, source: 'registered', name: meta.client_name });
    json(res, 201, {
      ...meta,
      client_id: clientId,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
      redirect_uris: uris,
      token_endpoint_auth_method: authMethod,
      grant_types: meta.grant_types ?? ['authorization_code', 'refresh_token'],
      response_types: meta.response_types ?? ['code'],
    });
  }

  // --- the protected MCP servers --------------------------------------------------------------------------------
  async function startProtected(name) {
    const handler = createMcpHandler(() => buildModernServer(), { legacy: 'stateless', onerror: () => {} });
    const self = { resource: undefined, prmUrl: undefined };
    const server = createServer((req, res) => {
      handleMcp(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error?.message ?? error));
      });
    });

    function prm() {
      return {
        resource: knobs.prmResource ?? self.resource,
        authorization_servers: [issuer],
        scopes_supported: knobs.scopesSupported,
        bearer_methods_supported: ['header'],
        resource_name: `mistral-edge OAuth test server (${name})`,
      };
    }

    async function handleMcp(req, res) {
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      const entry = record(name, req, body);
      for (const [k, v] of Object.entries(corsHeaders(req))) res.setHeader(k, v);
      res.once('finish', () => (entry.status = res.statusCode));
      if (answerPreflight(req, res)) return;
      const path = entry.path;
      if (req.method === 'GET' && (path === '/.well-known/oauth-protected-resource/mcp' || path === '/.well-known/oauth-protected-resource')) {
        return json(res, 200, prm());
      }
      if (path !== '/mcp') return json(res, 404, { error: 'not_found' });
      const meta = knobs.metadataInHeader ? self.prmUrl : undefined;
      const bearer = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '')?.[1];
      const grant = bearer ? accessTokens.get(bearer) : undefined;
      if (!bearer) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': challenge({ resource_metadata: meta, scope: knobs.challengeScope }) });
        return res.end(JSON.stringify({ error: 'unauthorized' }));
      }
      const invalid = !grant || grant.revoked || grant.expiresAt < Date.now() || (grant.resource !== undefined && grant.resource !== self.resource);
      if (invalid) {
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': challenge({ error: 'invalid_token', error_description: 'unknown, expired or revoked token', resource_metadata: meta }),
        });
        return res.end(JSON.stringify({ error: 'invalid_token' }));
      }
      const needed = neededScope(body);
      if (needed && !scopesOf(grant.scope).has(needed)) {
        const scope = [...new Set([...scopesOf(grant.scope), needed])].join(' ');
        res.writeHead(403, {
          'content-type': 'application/json',
          'www-authenticate': challenge({ error: 'insufficient_scope', scope, resource_metadata: meta, error_description: `needs ${needed}` }),
        });
        return res.end(JSON.stringify({ error: 'insufficient_scope' }));
      }
      await serveWebHandler(handler, req, res, body);
    }

    /** The scope the request's tools/call needs (one message or a batch), if any. */
    function neededScope(body) {
      if (!body?.length) return undefined;
      let messages;
      try {
        messages = JSON.parse(body.toString('utf8'));
      } catch {
        return undefined;
      }
      for (const m of Array.isArray(messages) ? messages : [messages]) {
        if (m?.method === 'tools/call' && typeof m.params?.name === 'string' && knobs.toolScopes[m.params.name]) return knobs.toolScopes[m.params.name];
      }
      return undefined;
    }

    const port = await listenOnLoopback(server);
    self.resource = `http://127.0.0.1:${port}/mcp`;
    self.prmUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
    started.push(async () => {
      await handler.close();
      await closeServer(server);
    });
    return self;
  }

  try {
    const mcp = await startProtected('mcp');
    const other = await startProtected('other');

    const issued = () => ({
      accessTokens: [...accessTokens.entries()].map(([value, t]) => ({ value, ...t })),
      refreshTokens: [...refreshTokens.keys()],
      codes: [...codes.keys()],
      clientSecrets: [...registered.values()].map((c) => c.clientSecret).filter(Boolean),
    });

    /** Every secret value the servers handed out or hold: what no error message, log or URL may contain. */
    const secrets = () => {
      const i = issued();
      return [...i.accessTokens.map((t) => t.value), ...i.refreshTokens, ...i.codes, ...i.clientSecrets];
    };

    /** Each place a secret was sent where it must not be, as a sentence (empty when none). */
    const leaks = () => {
      const found = [];
      const i = issued();
      const onlyAtToken = [...i.refreshTokens, ...i.codes, ...i.clientSecrets];
      for (const r of requests) {
        const where = `${r.method} ${r.server}:${r.path}`;
        const headerText = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
        for (const t of i.accessTokens) {
          if (r.url.includes(t.value)) found.push(`an access token in the URL of ${where}`);
          if (r.body.includes(t.value)) found.push(`an access token in the body of ${where}`);
          const asBearer = r.headers.authorization === `Bearer ${t.value}`;
          const target = r.server === 'mcp' ? mcp.resource : r.server === 'other' ? other.resource : undefined;
          if (asBearer && t.resource !== undefined && target !== t.resource) {
            found.push(`an access token for ${t.resource} sent to ${where}`);
          } else if (!asBearer && headerText.includes(t.value)) {
            found.push(`an access token in a header other than Authorization: Bearer of ${where}`);
          }
        }
        for (const s of onlyAtToken) {
          if (r.url.includes(s)) found.push(`a code, refresh token or client secret in the URL of ${where}`);
          const atToken = r.server === 'as' && r.path === '/token';
          if (!atToken && (r.body.includes(s) || headerText.includes(s))) found.push(`a code, refresh token or client secret sent to ${where}`);
        }
      }
      return found;
    };

    return {
      mcpUrl: mcp.resource,
      otherUrl: other.resource,
      prmUrl: mcp.prmUrl,
      issuer,
      tokenUrl: `${issuer}/token`,
      requests,
      knobs,
      set(patch) {
        Object.assign(knobs, patch);
      },
      reset() {
        for (const key of Object.keys(knobs)) delete knobs[key];
        Object.assign(knobs, structuredClone(KNOBS));
        requests.length = 0;
      },
      addClient,
      clients: registered,
      issued,
      secrets,
      leaks,
      /** Makes every access token issued so far expired (the next use is a 401 invalid_token). */
      expireAccessTokens() {
        for (const t of accessTokens.values()) t.expiresAt = 0;
      },
      revokeAccessTokens() {
        for (const t of accessTokens.values()) t.revoked = true;
      },
      close: async () => {
        await Promise.all(started.splice(0).reverse().map((stop) => stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.splice(0).reverse().map((stop) => stop()));
    throw error;
  }
}

/**
 * What a Node program's `onAuthorize` does with an auto-approving server: GET the authorization URL, not following
 * the redirect, and resolve with the URL it redirects to (the callback, with code, state and iss). Rejects when the
 * server answers anything but a redirect.
 */
export async function followAuthorization(url) {
  const res = await fetch(url, { redirect: 'manual' });
  await res.body?.cancel();
  const location = res.headers.get('location');
  if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the authorization endpoint answered ${res.status}, not a redirect`);
  return new URL(location, url).href;
}
