// Machine-to-machine MCP authorization in Node, on pkg/: client credentials with `private_key_jwt` (the token
// endpoint discovered from the MCP server's metadata), DPoP-bound tokens with the servers' nonces at both the token
// endpoint and the MCP server, renewal after a revoked token, and that bad options are ValidationErrors naming the
// field and that no error carries a key, secret or assertion. The servers (tests/support/mcp-machine-auth-servers.mjs)
// verify signatures and proofs with node:crypto; the MCP server behind them is the repo's 2026-07-28 test server. All
// on 127.0.0.1, stopped at the end. Needs `make package`.
//
// run: node --test tests/js/mcp-machine-auth.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { McpClient } from '../../pkg/node.js';
import { startModernServer } from '../support/mcp-servers.mjs';
import { startMachineAuthServers } from '../support/mcp-machine-auth-servers.mjs';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' });
const PEM_BODY = PEM.split('\n')[1];
const CLIENT_ID = 'machine-client';
const SECRET = 'machine-secret-5d1f0c';

describe('MCP machine auth (Node)', () => {
  let upstream;
  const running = [];

  before(async () => {
    upstream = await startModernServer();
  });

  after(async () => {
    for (const servers of running) await servers.close();
    await upstream?.close();
  });

  async function servers(options) {
    const started = await startMachineAuthServers({ upstream: upstream.url, ...options });
    running.push(started);
    return started;
  }

  it('private_key_jwt: discovers the token endpoint, signs a fresh assertion per token', async () => {
    const s = await servers({ client: { clientId: CLIENT_ID, publicKey } });
    const client = new McpClient({ url: s.mcpUrl, auth: { type: 'client_credentials', clientId: CLIENT_ID, privateKey: PEM } });
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'echo'));
    s.revokeAll();
    const result = await client.callTool('echo', { message: 'hi' });
    assert.equal(result.content[0].text, 'hi');
    const tokenRequests = s.asRequests.filter((r) => r.path === '/token');
    assert.equal(tokenRequests.length, 2, 'a second token after the revocation');
    assert.equal(tokenRequests[0].form.resource, s.mcpUrl);
    assert.ok(!tokenRequests[0].headers.authorization, 'no Basic header with an assertion');
    assert.ok(s.asRequests.some((r) => r.path === '/.well-known/oauth-authorization-server'));
    await client.close();
  });

  it('DPoP: nonces at both servers, a fresh proof per request, the token never sent as Bearer', async () => {
    const s = await servers({ client: { clientId: CLIENT_ID, clientSecret: SECRET }, dpop: true, requireNonce: true });
    const client = new McpClient({
      url: s.mcpUrl,
      // No tokenUrl: discovered, and the metadata's dpop_signing_alg_values_supported turns DPoP on.
      auth: { type: 'client_credentials', clientId: CLIENT_ID, clientSecret: SECRET },
    });
    await client.listTools();
    const echoed = await client.callTool('echo', { message: 'bound' });
    assert.equal(echoed.content[0].text, 'bound');
    await client.listTools();
    assert.equal(s.counts.asNonceChallenges, 1, 'one retry at the token endpoint');
    assert.equal(s.counts.rsNonceChallenges, 1, 'one retry at the MCP server, then the nonce is reused');
    const authorized = s.mcpRequests.filter((r) => r.headers.authorization);
    assert.ok(authorized.length >= 3);
    for (const r of authorized) {
      assert.match(r.headers.authorization, /^DPoP mt-/);
      assert.ok(r.headers.dpop, 'a proof with every request');
    }
    assert.equal(new Set(authorized.map((r) => r.headers.dpop)).size, authorized.length, 'no proof sent twice');
    await client.close();
  });

  it('dpop: false keeps Bearer even where the server offers DPoP', async () => {
    const s = await servers({ client: { clientId: CLIENT_ID, clientSecret: SECRET }, dpop: true });
    const client = new McpClient({
      url: s.mcpUrl,
      auth: { type: 'client_credentials', clientId: CLIENT_ID, clientSecret: SECRET, dpop: false },
    });
    // This server binds every token, so without a proof the token request fails: typed, and without the secret.
    const error = await client.listTools().then(() => undefined, (e) => e);
    assert.ok(error, 'the token request fails');
    assert.equal(error.name, 'AuthError');
    assert.equal(error.reason, 'token_error');
    assert.equal(error.error, 'invalid_dpop_proof');
    assert.ok(!s.asRequests.some((r) => r.headers.dpop), 'no proof was sent');
  });

  it('no error text carries the assertion or the secret a server echoes', async () => {
    for (const auth of [
      { type: 'client_credentials', clientId: CLIENT_ID, privateKey: PEM },
      { type: 'client_credentials', clientId: CLIENT_ID, clientSecret: SECRET },
    ]) {
      const s = await servers({ client: { clientId: CLIENT_ID, publicKey, clientSecret: SECRET }, echoCredentials: true });
      const client = new McpClient({ url: s.mcpUrl, auth });
      const error = await client.listTools().then(() => assert.fail('must fail'), (e) => e);
      assert.equal(error.name, 'AuthError');
      assert.equal(error.reason, 'token_error');
      assert.match(error.message, /invalid_client/);
      assert.ok(!JSON.stringify(error).includes(SECRET));
      const sent = s.asRequests.find((r) => r.path === '/token');
      const assertion = sent.form.client_assertion;
      const basic = sent.headers.authorization?.slice(6);
      for (const secret of [assertion, assertion?.split('.')[2], basic, SECRET, PEM_BODY].filter(Boolean)) {
        assert.ok(!error.message.includes(secret), `message leaks ${secret.slice(0, 12)}…: ${error.message}`);
        assert.ok(!String(error.stack).includes(secret), 'stack leaks a credential');
      }
    }
  });

  it('bad options are ValidationErrors naming the field, never quoting the key', () => {
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const cases = [
      [{ type: 'client_credentials', clientId: 'c' }, 'options.auth.clientSecret'],
      [{ type: 'client_credentials', clientSecret: 's' }, 'options.auth.clientId'],
      [{ type: 'client_credentials', clientId: 'c', clientSecret: 's', privateKey: PEM }, 'options.auth.privateKey'],
      [{ type: 'client_credentials', clientId: 'c', privateKey: sec1 }, 'options.auth.privateKey'],
      [{ type: 'client_credentials', clientId: 'c', privateKey: 'not a key' }, 'options.auth.privateKey'],
      [{ type: 'client_credentials', clientId: 'c', privateKey: PEM, algorithm: 'RS256' }, 'options.auth.algorithm'],
      [{ type: 'client_credentials', clientId: 'c', privateKey: rsa, algorithm: 'ES256' }, 'options.auth.algorithm'],
      [{ type: 'client_credentials', clientId: 'c', privateKey: PEM, algorithm: 'HS256' }, 'options.auth.algorithm'],
      [{ type: 'client_credentials', clientId: 'c', clientSecret: 's', tokenUrl: 'ftp://x' }, 'options.auth.tokenUrl'],
      [{ type: 'client_credentials', clientId: 'c', clientSecret: 's', dpop: 'yes' }, 'options.auth.dpop'],
      [{ type: 'jwt_bearer', assertion: 'not-a-jwt' }, 'options.auth.assertion'],
      [{ type: 'jwt_bearer', assertion: 42 }, 'options.auth.assertion'],
      [{ type: 'enterprise', idToken: 'a.b.c', clientId: 'c' }, 'options.auth.idpTokenUrl'],
      [{ type: 'enterprise', idToken: 'a.b.c', idpTokenUrl: 'https://idp/token' }, 'options.auth.clientId'],
      [{ type: 'oauth2', client_id: 'c', client_secret: 's', token_url: 'mailto:x' }, 'options.auth.token_url'],
      [{ type: 'nope' }, 'options.auth.type'],
    ];
    for (const [auth, field] of cases) {
      let error;
      try {
        new McpClient({ url: 'http://127.0.0.1:1/mcp', auth });
      } catch (e) {
        error = e;
      }
      assert.ok(error, `${JSON.stringify(auth).slice(0, 80)} must be refused`);
      assert.equal(error.name, 'ValidationError', error.message);
      assert.equal(error.field, field, error.message);
      for (const pem of [PEM, sec1, rsa]) assert.ok(!error.message.includes(pem.split('\n')[1]), 'quotes the key');
      assert.ok(!error.message.includes('"s"'));
    }
    // The guide's shape and the new ones are accepted.
    new McpClient({ url: 'http://x/mcp', auth: { type: 'oauth2', client_id: 'c', client_secret: 's', token_url: 'https://a/t' } });
    new McpClient({ url: 'http://x/mcp', auth: { type: 'jwt_bearer', assertion: () => 'a.b.c' } });
    new McpClient({ url: 'http://x/mcp', auth: { type: 'client_credentials', clientId: 'c', privateKey: rsa } });
  });
});
