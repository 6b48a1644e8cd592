// McpClient's OAuth inside a Worker (workerd, through ../e2e/workerd-host.mjs with suite "oauth"), against the
// servers of tests/support/mcp-oauth-servers.mjs that ../mcp-oauth-workerd.test.mjs started. `ctx`: `{ lib, oauth,
// env, assert, servers }`, `servers` = { mcpUrl, tokenUrl, confidential: { clientId, clientSecret }, publicClient,
// redirectUri }, and `env.AUTH_KV` a miniflare KV namespace. Where the tokens went is checked by the Node side on
// the servers' own records after each case. Nothing here imports a Node module.

import { runCase as runWithDeadline, watchUnhandled } from "../e2e/harness.mjs";

/** Runs one case (the harness's deadline and unhandled-rejection watch). */
export function runCase(testCase, ctx) {
  watchUnhandled();
  return runWithDeadline(testCase, ctx);
}

/** What a Worker's `onAuthorize` does with an auto-approving server: one fetch, the redirect not followed. */
async function follow(url) {
  const res = await fetch(url, { redirect: "manual" });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the authorization endpoint answered ${res.status}`);
  return new URL(location, url).href;
}

export const cases = [
  {
    name: "client credentials (type oauth2) from a Worker: a token from the token endpoint, the call goes through",
    async run({ lib, servers, assert }) {
      const { clientId, clientSecret } = servers.confidential;
      const c = new lib.McpClient({
        url: servers.mcpUrl,
        auth: { type: "oauth2", client_id: clientId, client_secret: clientSecret, token_url: servers.tokenUrl },
        timeoutMs: 20000,
      });
      try {
        assert.equal((await c.callTool("echo", { message: "from workerd" })).content[0].text, "from workerd");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "client credentials without token_url: the token endpoint found from the 401 and the metadata",
    async run({ lib, servers, assert }) {
      const { clientId, clientSecret } = servers.confidential;
      const c = new lib.McpClient({ url: servers.mcpUrl, auth: { type: "oauth2", client_id: clientId, client_secret: clientSecret }, timeoutMs: 20000 });
      try {
        assert.equal((await c.callTool("echo", { message: "discovered" })).content[0].text, "discovered");
      } finally {
        await c.close();
      }
    },
  },
  {
    name: "client credentials with a wrong secret: an error without the secret",
    async run({ lib, servers, assert }) {
      const wrong = "workerd-wrong-secret-0123456789abcdef";
      const c = new lib.McpClient({
        url: servers.mcpUrl,
        auth: { type: "oauth2", client_id: servers.confidential.clientId, client_secret: wrong, token_url: servers.tokenUrl },
        timeoutMs: 20000,
      });
      let caught;
      try {
        await c.connect();
      } catch (e) {
        caught = e;
      } finally {
        await c.close().catch(() => {});
      }
      assert.ok(caught instanceof lib.MistralError, `a MistralError, got ${caught}`);
      const text = [String(caught), caught.message, caught.stack, JSON.stringify(caught)].join("\n");
      assert.ok(!text.includes(wrong), "the secret is not in the error");
      assert.ok(/invalid_client/.test(caught.message), `names invalid_client: ${caught.message}`);
    },
  },
  {
    name: "workersKvAuthStorage on a KV namespace: set, get, delete, prefix and TTL",
    async run({ oauth, env, assert }) {
      const store = oauth.workersKvAuthStorage(env.AUTH_KV, { prefix: "user-1:", expirationTtl: 3600 });
      assert.equal(await store.get("k"), null);
      await store.set("k", "v1");
      assert.equal(await store.get("k"), "v1");
      assert.equal(await env.AUTH_KV.get("user-1:k"), "v1", "written under the prefix");
      const other = oauth.workersKvAuthStorage(env.AUTH_KV, { prefix: "user-2:" });
      assert.equal(await other.get("k"), null, "another prefix does not see it");
      await store.delete("k");
      assert.equal(await store.get("k"), null);
      let refused;
      try {
        oauth.workersKvAuthStorage(env.AUTH_KV, { expirationTtl: 10 });
      } catch (e) {
        refused = e;
      }
      assert.ok(refused instanceof Error && refused.field === "expirationTtl", "a TTL below KV's minimum is refused");
    },
  },
  {
    name: "code flow in a Worker with workersKvAuthStorage: authorized once, a second client reuses the KV credentials",
    async run({ lib, oauth, env, servers, assert }) {
      let authorizations = 0;
      const storage = oauth.workersKvAuthStorage(env.AUTH_KV, { prefix: "code-flow:" });
      const make = () =>
        new lib.McpClient({
          url: servers.mcpUrl,
          timeoutMs: 20000,
          auth: {
            type: "oauth",
            clientId: servers.publicClient.clientId,
            redirectUri: servers.redirectUri,
            storage,
            onAuthorize: (url) => {
              authorizations++;
              return follow(url);
            },
          },
        });
      const first = make();
      try {
        assert.equal((await first.callTool("echo", { message: "one" })).content[0].text, "one");
      } finally {
        await first.close();
      }
      const listed = await env.AUTH_KV.list({ prefix: "code-flow:" });
      assert.ok(listed.keys.length > 0, "credentials in KV");
      const second = make();
      try {
        assert.equal((await second.callTool("echo", { message: "two" })).content[0].text, "two");
      } finally {
        await second.close();
      }
      assert.equal(authorizations, 1, "the second client needed no authorization");
    },
  },
];
