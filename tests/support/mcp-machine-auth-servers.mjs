// An authorization server and an OAuth-protected MCP server (a proxy in front of a real MCP server) for the machine
// grants of tests/js/mcp-machine-auth.test.mjs, on 127.0.0.1 with ports the OS picks. Both verify what they get for
// real, with node:crypto: `private_key_jwt` assertions (signature with the registered public key, iss/sub/aud/exp,
// a jti never seen before) and DPoP proofs (RFC 9449: typ, public jwk, signature, htm, htu, iat, fresh jti, ath, the
// key the token was bound to), and can demand DPoP nonces (§8 at the token endpoint, §9 at the MCP server). Every
// request each server saw is recorded, with its headers, for the test to inspect.
import { closeServer, listenOnLoopback } from './mcp-servers.mjs';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const sha256 = (text) => createHash('sha256').update(text).digest();

/** Header and claims of a compact JWS whose signature verifies with `key` (ES256, raw r||s), or an error text. */
function verifyJws(jws, key) {
  const parts = String(jws).split('.');
  if (parts.length !== 3) return { error: 'not a compact JWS' };
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url'));
  } catch {
    return { error: 'undecodable JWS' };
  }
  const publicKey = key ?? (header.jwk ? createPublicKey({ key: header.jwk, format: 'jwk' }) : undefined);
  if (!publicKey) return { error: 'no key' };
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2], 'base64url'));
  return ok ? { header, claims } : { error: 'bad signature' };
}

function thumbprint(jwk) {
  return b64url(sha256(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })));
}

/** Checks a DPoP proof for `method` `url` (and `token`, with the `jkt` it is bound to); returns its jkt or an error. */
function checkProof(proof, { method, url, token, jkt, nonce, seen }) {
  if (!proof || proof.includes(',')) return { error: 'one DPoP header expected' };
  const jws = verifyJws(proof);
  if (jws.error) return jws;
  const { header, claims } = jws;
  if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256') return { error: 'typ/alg' };
  if (!header.jwk || header.jwk.d !== undefined) return { error: 'jwk missing or private' };
  if (claims.htm !== method) return { error: `htm ${claims.htm} != ${method}` };
  if (claims.htu !== url) return { error: `htu ${claims.htu} != ${url}` };
  if (Math.abs(Date.now() / 1000 - claims.iat) > 60) return { error: 'iat' };
  if (typeof claims.jti !== 'string' || seen.has(claims.jti)) return { error: 'jti missing or reused' };
  seen.add(claims.jti);
  if (token !== undefined && claims.ath !== b64url(sha256(token))) return { error: 'ath' };
  const proofJkt = thumbprint(header.jwk);
  if (jkt !== undefined && proofJkt !== jkt) return { error: 'key is not the one the token is bound to' };
  if (nonce !== undefined && claims.nonce !== nonce) return { nonceMissing: true };
  return { jkt: proofJkt };
}

function readForm(req) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
  });
}

const listen = listenOnLoopback;
const close = closeServer;

/**
 * `upstream`: the MCP server URL to protect. `client`: `{ clientId, clientSecret?, publicKey? }` (a KeyObject for
 * private_key_jwt). `dpop`: advertise DPoP and bind tokens to proofs' keys; `requireNonce`: both servers demand
 * their nonce; `echoCredentials`: the token endpoint refuses, quoting what it got (to test the client scrubs it).
 */
export async function startMachineAuthServers({ upstream, client, dpop = false, requireNonce = false, echoCredentials = false }) {
  const asRequests = [];
  const mcpRequests = [];
  const tokens = new Map(); // token -> { jkt }
  const seenAssertionJtis = new Set();
  const seenProofJtis = new Set();
  const asNonce = `as-${randomUUID()}`;
  const rsNonce = `rs-${randomUUID()}`;
  const counts = { asNonceChallenges: 0, rsNonceChallenges: 0 };

  const as = createServer(async (req, res) => {
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      asRequests.push({ method: req.method, path, headers: req.headers });
      return json(200, {
        issuer: issuer(),
        token_endpoint: `${issuer()}/token`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
        token_endpoint_auth_signing_alg_values_supported: ['ES256'],
        ...(dpop ? { dpop_signing_alg_values_supported: ['ES256'] } : {}),
      });
    }
    if (req.method !== 'POST' || path !== '/token') return json(404, { error: 'not_found' });
    const form = await readForm(req);
    asRequests.push({ method: req.method, path, headers: req.headers, form: Object.fromEntries(form) });
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    if (echoCredentials) {
      const sent = form.get('client_assertion') ?? req.headers.authorization ?? '';
      return json(401, { error: 'invalid_client', error_description: `rejected ${sent}` });
    }
    if (form.get('client_assertion')) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return json(401, { error: 'invalid_client', error_description: 'assertion type' });
      }
      const jws = verifyJws(form.get('client_assertion'), client.publicKey);
      if (jws.error) return json(401, { error: 'invalid_client', error_description: jws.error });
      const { claims } = jws;
      const now = Date.now() / 1000;
      const bad = claims.iss !== client.clientId ? 'iss' : claims.sub !== client.clientId ? 'sub'
        : claims.aud !== issuer() ? 'aud' : !(claims.exp > now && claims.exp - claims.iat <= 300) ? 'exp'
        : seenAssertionJtis.has(claims.jti) ? 'jti replayed' : undefined;
      if (bad) return json(401, { error: 'invalid_client', error_description: `assertion ${bad}` });
      seenAssertionJtis.add(claims.jti);
    } else {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
      if (id !== client.clientId || secret !== client.clientSecret) return json(401, { error: 'invalid_client' });
    }
    let jkt;
    if (dpop) {
      const checked = checkProof(req.headers.dpop, {
        method: 'POST', url: `${issuer()}/token`, nonce: requireNonce ? asNonce : undefined, seen: seenProofJtis,
      });
      if (checked.nonceMissing) {
        counts.asNonceChallenges++;
        return json(400, { error: 'use_dpop_nonce', error_description: 'nonce required' }, { 'dpop-nonce': asNonce });
      }
      if (checked.error) return json(400, { error: 'invalid_dpop_proof', error_description: checked.error });
      jkt = checked.jkt;
    }
    const token = `mt-${randomUUID()}`;
    tokens.set(token, { jkt });
    json(200, { access_token: token, token_type: dpop ? 'DPoP' : 'Bearer', expires_in: 3600 }, { 'cache-control': 'no-store' });
  });
  const asPort = await listen(as);
  const issuer = () => `http://127.0.0.1:${asPort}`;

  const target = new URL(upstream);
  const mcp = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    mcpRequests.push({ method: req.method, url: req.url, headers: req.headers });
    const metadataUrl = `${origin()}/.well-known/oauth-protected-resource/mcp`;
    if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ resource: `${origin()}/mcp`, authorization_servers: [issuer()] }));
      return;
    }
    const refuse = (headers, error) => {
      res.writeHead(401, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ error }));
    };
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    const issued = tokens.get(token);
    if (!issued) return refuse({ 'www-authenticate': `Bearer resource_metadata="${metadataUrl}"` }, 'invalid_token');
    if (issued.jkt) {
      if (scheme !== 'DPoP') return refuse({ 'www-authenticate': 'DPoP error="invalid_token"' }, 'bearer use of a DPoP token');
      const checked = checkProof(req.headers.dpop, {
        method: req.method, url: `${origin()}${path}`, token, jkt: issued.jkt,
        nonce: requireNonce ? rsNonce : undefined, seen: seenProofJtis,
      });
      if (checked.nonceMissing) {
        counts.rsNonceChallenges++;
        return refuse({ 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': rsNonce }, 'use_dpop_nonce');
      }
      if (checked.error) return refuse({ 'www-authenticate': 'DPoP error="invalid_dpop_proof"' }, checked.error);
    } else if (scheme !== 'Bearer') {
      return refuse({ 'www-authenticate': 'Bearer error="invalid_token"' }, 'scheme');
    }
    const headers = { ...req.headers, host: target.host };
    delete headers.authorization;
    delete headers.dpop;
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    forward.once('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    res.once('close', () => forward.destroy());
    req.pipe(forward);
  });
  const mcpPort = await listen(mcp);
  const origin = () => `http://127.0.0.1:${mcpPort}`;

  return {
    mcpUrl: `${origin()}/mcp`,
    issuer: issuer(),
    tokenUrl: `${issuer()}/token`,
    asRequests,
    mcpRequests,
    counts,
    revokeAll: () => tokens.clear(),
    close: async () => {
      await close(mcp);
      await close(as);
    },
  };
}
