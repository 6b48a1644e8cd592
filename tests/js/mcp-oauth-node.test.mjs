// McpClient's OAuth in Node, on the package as a user installs it (`npm pack` of pkg/), against the local
// OAuth-protected MCP server and its auto-approving authorization server (tests/support/mcp-oauth-servers.mjs).
// `onAuthorize` is what a Node program does: GET the authorization URL and take the redirect's Location. Every
// assertion on where a token went is made on what the servers themselves received. Needs `make package`.
//
// run: node --test tests/js/mcp-oauth-node.test.mjs

import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { followAuthorization, startOAuthServers } from "../support/mcp-oauth-servers.mjs";
import { errorText } from "./mcp/context.mjs";
import { installPackage } from "./e2e/setup.mjs";

const REDIRECT = "http://127.0.0.1:9/oauth/callback";
const CONFIDENTIAL = { clientId: "node-confidential", clientSecret: "node-confidential-secret-0123456789", redirectUris: [REDIRECT] };
const PUBLIC = { clientId: "node-public", redirectUris: [REDIRECT] };

/** A storage the test can look into: a Map behind the { get, set, delete } interface, async like KV. */
function memoryStorage() {
  const map = new Map();
  return {
    map,
    snapshot: () => Object.fromEntries(map),
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}

/** `onAuthorize` that follows the auto-approving server's redirect, noting each authorization URL it was given. */
function authorizer() {
  const urls = [];
  const onAuthorize = async (url) => {
    urls.push(new URL(url));
    return followAuthorization(url);
  };
  return { urls, onAuthorize };
}

describe("McpClient OAuth in Node (packed tarball)", () => {
  let servers;
  let pkg;
  let lib;
  let oauth;
  const clients = [];
  /** Every error a case provoked, checked at the end for secrets. */
  const errors = [];

  before(async () => {
    servers = await startOAuthServers({ clients: [CONFIDENTIAL, PUBLIC] });
    pkg = await installPackage();
    const loader = join(pkg.project, "load.mjs");
    await writeFile(loader, 'export * as lib from "mistral-edge";\nexport * as oauth from "mistral-edge/oauth";\n');
    ({ lib, oauth } = await import(pathToFileURL(loader).href));
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await servers?.close();
    await pkg?.cleanup();
  });

  beforeEach(() => servers?.reset());

  /** A client on `url` with OAuth settings `auth` (type "oauth" added), closed at the end. */
  function client(auth, url = servers.mcpUrl) {
    const c = new lib.McpClient({ url, auth: { type: "oauth", redirectUri: REDIRECT, ...auth }, timeoutMs: 20000 });
    clients.push(c);
    return c;
  }

  /** The AuthError `action` rejects with, checked for `reason`, and kept for the secrets check. */
  async function authError(action, reason) {
    let error;
    try {
      await action();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof lib.AuthError, `an AuthError, got ${error?.name}: ${error?.message}`);
    errors.push(error);
    assert.ok(error instanceof lib.MistralError, "AuthError is a MistralError");
    assert.equal(error.reason, reason, `reason of: ${error.message}`);
    return error;
  }

  const tokenCalls = () => servers.requests.filter((r) => r.server === "as" && r.path === "/token").map((r) => ({ ...r, form: new URLSearchParams(r.body) }));

  it("code flow: registration, PKCE S256, state, resource on both legs; the token reaches only the MCP server", async () => {
    const storage = memoryStorage();
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientName: "mistral-edge node test", storage, onAuthorize });
    const result = await c.callTool("echo", { message: "through OAuth" });
    assert.equal(result.content[0].text, "through OAuth");
    assert.equal(urls.length, 1, "one authorization");
    const q = urls[0].searchParams;
    assert.equal(`${urls[0].origin}${urls[0].pathname}`, `${servers.issuer}/authorize`);
    assert.equal(q.get("response_type"), "code");
    assert.equal(q.get("code_challenge_method"), "S256");
    assert.match(q.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
    assert.ok((q.get("state") ?? "").length >= 16, "a state of at least 128 bits");
    assert.equal(q.get("resource"), servers.mcpUrl, "RFC 8707 resource on the authorization request");
    assert.equal(q.get("scope"), "mcp", "the challenge's scope");
    assert.equal(q.get("redirect_uri"), REDIRECT);
    const registrations = servers.requests.filter((r) => r.path === "/register");
    assert.equal(registrations.length, 1, "dynamic client registration");
    const registered = [...servers.clients.values()].filter((x) => x.source === "registered").at(-1);
    assert.ok(registered, "a client was registered");
    assert.equal(q.get("client_id"), registered.clientId, "the registered client id is used");
    const [exchange] = tokenCalls();
    assert.equal(exchange.form.get("grant_type"), "authorization_code");
    assert.equal(exchange.form.get("resource"), servers.mcpUrl, "RFC 8707 resource on the token request");
    assert.match(exchange.form.get("code_verifier") ?? "", /^[A-Za-z0-9._~-]{43,128}$/);
    const bearers = servers.requests.filter((r) => r.headers.authorization?.startsWith("Bearer "));
    assert.ok(bearers.length >= 1);
    for (const r of bearers) assert.equal(r.server, "mcp", `a Bearer token went to ${r.server}:${r.path}`);
    assert.deepEqual(servers.leaks(), []);
    assert.ok(storage.map.size > 0, "the credentials are stored");

    // A second client on the same storage uses them: no new authorization, no new registration.
    servers.reset();
    const again = client({ clientName: "mistral-edge node test", storage, onAuthorize });
    assert.equal((await again.callTool("echo", { message: "again" })).content[0].text, "again");
    assert.equal(urls.length, 1, "no second authorization");
    assert.equal(servers.requests.filter((r) => r.path === "/register" || r.path === "/authorize").length, 0);
  });

  it("a pre-registered confidential client authenticates with client_secret_basic and registers nothing", async () => {
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: CONFIDENTIAL.clientId, clientSecret: CONFIDENTIAL.clientSecret, storage: memoryStorage(), onAuthorize });
    assert.equal((await c.callTool("echo", { message: "confidential" })).content[0].text, "confidential");
    assert.equal(urls[0].searchParams.get("client_id"), CONFIDENTIAL.clientId);
    assert.equal(servers.requests.filter((r) => r.path === "/register").length, 0);
    const [exchange] = tokenCalls();
    assert.match(exchange.headers.authorization ?? "", /^Basic /);
    assert.ok(!exchange.body.includes(CONFIDENTIAL.clientSecret), "the secret is not in the body");
    assert.deepEqual(servers.leaks(), []);
  });

  it("refresh: an expired access token is renewed with the refresh token, without the user", async () => {
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage: memoryStorage(), onAuthorize });
    assert.equal((await c.callTool("echo", { message: "one" })).content[0].text, "one");
    servers.expireAccessTokens();
    assert.equal((await c.callTool("echo", { message: "two" })).content[0].text, "two");
    assert.equal(urls.length, 1, "no second authorization");
    const refreshes = tokenCalls().filter((t) => t.form.get("grant_type") === "refresh_token");
    assert.equal(refreshes.length, 1, "one refresh");
    assert.equal(refreshes[0].form.get("resource"), servers.mcpUrl, "resource on the refresh too");
    assert.deepEqual(servers.leaks(), []);
  });

  it("short-lived tokens (expires_in 1 s) are refreshed before use, and rotated refresh tokens are kept", async () => {
    servers.set({ accessTokenTtl: 1 });
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage: memoryStorage(), onAuthorize });
    for (const message of ["a", "b", "c"]) {
      assert.equal((await c.callTool("echo", { message })).content[0].text, message);
      await new Promise((r) => setTimeout(r, 1100));
    }
    assert.equal(urls.length, 1, "one authorization for the three calls");
    assert.ok(tokenCalls().some((t) => t.form.get("grant_type") === "refresh_token"), "refreshed");
    const refused = servers.requests.filter((r) => r.server === "mcp" && r.status === 401 && r.headers.authorization);
    assert.deepEqual(servers.leaks(), []);
    assert.ok(refused.length <= 2, `few requests went out with a dead token (${refused.length})`);
  });

  it("a refused refresh token (invalid_grant) sends the user through authorization again; the old one is not retried", async () => {
    const { urls, onAuthorize } = authorizer();
    const storage = memoryStorage();
    const c = client({ clientId: PUBLIC.clientId, storage, onAuthorize });
    await c.callTool("echo", { message: "before" });
    servers.set({ refuseRefresh: true });
    servers.expireAccessTokens();
    assert.equal((await c.callTool("echo", { message: "after" })).content[0].text, "after");
    assert.equal(urls.length, 2, "a new authorization");
    assert.equal(tokenCalls().filter((t) => t.form.get("grant_type") === "refresh_token").length, 1, "the refused refresh token is tried once");
  });

  it("step-up: a 403 insufficient_scope re-authorizes with the wider scope and the call goes through", async () => {
    servers.set({ toolScopes: { add: "mcp:admin" } });
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage: memoryStorage(), onAuthorize });
    assert.equal((await c.callTool("echo", { message: "plain" })).content[0].text, "plain");
    const sum = await c.callTool("add", { a: 2, b: 3 });
    assert.deepEqual(sum.structuredContent, { sum: 5 });
    assert.equal(urls.length, 2, "one more authorization for the step-up");
    assert.deepEqual(new Set(urls[1].searchParams.get("scope").split(" ")), new Set(["mcp", "mcp:admin"]));
    const calls = servers.requests.filter((r) => r.server === "mcp" && r.body.includes('"add"'));
    assert.deepEqual(calls.map((r) => r.status), [403, 200], "refused once, then accepted");
    assert.deepEqual(servers.leaks(), []);
  });

  it("step-up that the server never grants stops at the retry limit with AuthError", async () => {
    servers.set({ toolScopes: { add: "mcp:admin" }, grantScope: "mcp" });
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage: memoryStorage(), onAuthorize });
    await authError(() => c.callTool("add", { a: 1, b: 1 }), "retry_limit");
    assert.ok(urls.length >= 1 && urls.length <= 3, `bounded authorizations (${urls.length})`);
  });

  for (const [knob, reason] of [
    [{ wrongState: true }, "state_mismatch"],
    [{ wrongIss: true }, "iss_mismatch"],
    [{ omitIss: true }, "iss_missing"],
    [{ denyWith: "access_denied" }, "authorization_denied"],
  ]) {
    it(`${Object.keys(knob)[0]}: the flow aborts with AuthError ${reason} before any code is redeemed; storage unchanged`, async () => {
      servers.set(knob);
      const storage = memoryStorage();
      await storage.set("app:unrelated", "kept");
      const before = storage.snapshot();
      const { urls, onAuthorize } = authorizer();
      const c = client({ clientId: PUBLIC.clientId, storage, onAuthorize });
      const error = await authError(() => c.callTool("echo", { message: "x" }), reason);
      assert.equal(urls.length, 1);
      assert.equal(tokenCalls().length, 0, "no token request");
      assert.deepEqual(storage.snapshot(), before, "nothing stored, nothing removed");
      if (reason === "authorization_denied") assert.equal(error.error, "access_denied");
      const code = [...servers.issued().codes];
      for (const secret of code) assert.ok(!errorText(error).includes(secret), "the code is not in the error");
    });
  }

  for (const [knob, reason] of [
    [{ metadataIssuer: "http://127.0.0.1:9" }, "issuer_mismatch"],
    [{ prmResource: "http://127.0.0.1:9/mcp" }, "resource_mismatch"],
  ]) {
    it(`${Object.keys(knob)[0]}: discovery stops with AuthError ${reason}, before any authorization`, async () => {
      servers.set(knob);
      const storage = memoryStorage();
      const { urls, onAuthorize } = authorizer();
      const c = client({ clientId: PUBLIC.clientId, storage, onAuthorize });
      const error = await authError(() => c.connect(), reason);
      assert.equal(urls.length, 0, "the user was sent nowhere");
      assert.deepEqual(storage.snapshot(), {});
      assert.equal(error.got, Object.values(knob)[0], "the error says what the server claimed");
    });
  }

  it("a callback at another URL than the redirect URI is AuthError unexpected_redirect; the code is not redeemed", async () => {
    const storage = memoryStorage();
    const c = client({
      clientId: PUBLIC.clientId,
      storage,
      onAuthorize: async (url) => (await followAuthorization(url)).replace("/oauth/callback", "/elsewhere"),
    });
    const error = await authError(() => c.connect(), "unexpected_redirect");
    assert.equal(tokenCalls().length, 0);
    assert.ok(!error.got.includes("?"), "the error quotes the URL without its query (the code)");
    assert.deepEqual(storage.snapshot(), {});
  });

  it("a server without S256 is refused before the user is sent anywhere", async () => {
    servers.set({ pkceMethods: ["plain"] });
    const { urls, onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage: memoryStorage(), onAuthorize });
    await authError(() => c.connect(), "s256_unsupported");
    assert.equal(urls.length, 0);
  });

  it("a token response without access_token is AuthError missing_access_token, and nothing is stored", async () => {
    servers.set({ omitAccessToken: true });
    const storage = memoryStorage();
    const { onAuthorize } = authorizer();
    const c = client({ clientId: PUBLIC.clientId, storage, onAuthorize });
    await authError(() => c.connect(), "missing_access_token");
    assert.deepEqual(storage.snapshot(), {});
  });

  it("a wrong client secret is AuthError token_error naming invalid_client, without the secret", async () => {
    const wrong = "node-wrong-secret-abcdef0123456789";
    const { onAuthorize } = authorizer();
    const c = client({ clientId: CONFIDENTIAL.clientId, clientSecret: wrong, storage: memoryStorage(), onAuthorize });
    const error = await authError(() => c.connect(), "token_error");
    assert.equal(error.error, "invalid_client");
    assert.ok(!errorText(error).includes(wrong), "the secret is not in the error");
  });

  it("two servers behind one authorization server: each gets its own token, never the other's", async () => {
    const storage = memoryStorage();
    const { urls, onAuthorize } = authorizer();
    const a = client({ clientId: PUBLIC.clientId, storage, onAuthorize });
    const b = client({ clientId: PUBLIC.clientId, storage, onAuthorize }, servers.otherUrl);
    assert.equal((await a.callTool("echo", { message: "a" })).content[0].text, "a");
    assert.equal((await b.callTool("echo", { message: "b" })).content[0].text, "b");
    assert.equal(urls.length, 2, "one authorization per server");
    assert.deepEqual(urls.map((u) => u.searchParams.get("resource")), [servers.mcpUrl, servers.otherUrl]);
    const tokens = servers.issued().accessTokens;
    for (const r of servers.requests.filter((x) => x.server !== "as" && x.headers.authorization)) {
      const t = tokens.find((x) => r.headers.authorization === `Bearer ${x.value}`);
      assert.ok(t, `${r.server} got a token the AS issued`);
      assert.equal(t.resource, r.server === "mcp" ? servers.mcpUrl : servers.otherUrl, `${r.server} only sees its own token`);
    }
    assert.deepEqual(servers.leaks(), []);
  });

  it("full-page redirect: onAuthorize returns nothing, the call fails with authorization_pending, finishAuth completes it", async () => {
    const storage = memoryStorage();
    let pending;
    const c = client({ clientId: PUBLIC.clientId, storage, onAuthorize: (url) => void (pending = url) });
    await authError(() => c.callTool("echo", { message: "x" }), "authorization_pending");
    assert.ok(pending, "onAuthorize got the URL");
    const callback = await followAuthorization(pending);
    // "After navigating back": a new client (a new page) on the same storage.
    const next = client({ clientId: PUBLIC.clientId, storage, onAuthorize: () => assert.fail("no second authorization") });
    await next.finishAuth(callback);
    assert.equal((await next.callTool("echo", { message: "back" })).content[0].text, "back");
    await authError(() => next.finishAuth(callback), "no_pending_authorization");
    assert.deepEqual(servers.leaks(), []);
  });

  it("client credentials (type oauth2, Mistral's guide shape) against the same authorization server", async () => {
    const c = new lib.McpClient({
      url: servers.mcpUrl,
      auth: { type: "oauth2", client_id: CONFIDENTIAL.clientId, client_secret: CONFIDENTIAL.clientSecret, token_url: servers.tokenUrl },
      timeoutMs: 20000,
    });
    clients.push(c);
    assert.equal((await c.callTool("echo", { message: "m2m" })).content[0].text, "m2m");
    const [grant] = tokenCalls();
    assert.equal(grant.form.get("grant_type"), "client_credentials");
    assert.equal(grant.form.get("resource"), servers.mcpUrl);
    assert.deepEqual(servers.leaks(), []);
  });

  it("the storage helpers refuse what they cannot use, with AuthError naming the field", async () => {
    assert.throws(() => oauth.workersKvAuthStorage({}), (e) => e instanceof lib.AuthError && e.reason === "invalid_config" && e.field === "kv");
    const kv = { get: async () => null, put: async () => {}, delete: async () => {} };
    assert.throws(() => oauth.workersKvAuthStorage(kv, { expirationTtl: 30 }), (e) => e.field === "expirationTtl");
    assert.throws(() => oauth.localStorageAuthStorage(), (e) => e instanceof lib.AuthError && e.reason === "unsupported_environment");
    await assert.rejects(() => oauth.openAuthorizationPopup("https://as.example/authorize"), (e) => e instanceof lib.AuthError && e.reason === "unsupported_environment");
    await assert.rejects(() => oauth.openAuthorizationPopup("javascript:alert(1)"), (e) => e instanceof lib.AuthError && e.field === "url");
    assert.equal(oauth.CALLBACK_MESSAGE_TYPE, "mistral-edge:oauth-callback");
  });

  it("no error any case provoked contains a token, refresh token, code or client secret", () => {
    assert.ok(errors.length >= 6, `the cases provoked errors (${errors.length})`);
    const secrets = [...servers.secrets(), CONFIDENTIAL.clientSecret];
    for (const error of errors) {
      const text = errorText(error);
      for (const s of secrets) assert.ok(!text.includes(s), `${error.reason}: a secret in ${text.slice(0, 300)}`);
    }
  });
});
