// McpClient's OAuth in workerd (miniflare 4 under Node 22, ./e2e/workerd-host.mjs with suite "oauth"), on the
// installed package's `workerd` entry and "mistral-edge/oauth": client credentials and the code flow from inside a
// Worker against the local OAuth-protected MCP server and authorization server (tests/support/mcp-oauth-servers.mjs),
// credentials kept in a miniflare KV namespace through workersKvAuthStorage. After each case, the servers' own
// records are checked: no token went anywhere but the MCP server it was issued for. Needs `make package`.
//
// run: node --test tests/js/mcp-oauth-workerd.test.mjs

import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startOAuthServers } from "../support/mcp-oauth-servers.mjs";
import { cases } from "./oauth/worker-cases.mjs";
import { exportTarget, installPackage, runWorkerCase, startWorkerdHost, stopWorkerdHost, workerCaseNames } from "./e2e/setup.mjs";

const REDIRECT = "http://127.0.0.1:9/worker/callback";
const CONFIDENTIAL = { clientId: "workerd-confidential", clientSecret: "workerd-confidential-secret-0123456789", redirectUris: [REDIRECT] };
const PUBLIC = { clientId: "workerd-public", redirectUris: [REDIRECT] };

describe("McpClient OAuth in workerd (miniflare, workerd entry, KV storage)", () => {
  let servers;
  let pkg;
  let host;
  let ran = 0;

  before(async () => {
    servers = await startOAuthServers({ clients: [CONFIDENTIAL, PUBLIC] });
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "workerd");
    const oauth = {
      mcpUrl: servers.mcpUrl,
      tokenUrl: servers.tokenUrl,
      confidential: { clientId: CONFIDENTIAL.clientId, clientSecret: CONFIDENTIAL.clientSecret },
      publicClient: { clientId: PUBLIC.clientId },
      redirectUri: REDIRECT,
    };
    host = await startWorkerdHost({ suite: "oauth", project: pkg.project, entry, oauth });
  });

  after(async () => {
    await stopWorkerdHost(host);
    await servers?.close();
    await pkg?.cleanup();
  });

  beforeEach(() => servers?.reset());

  it("the Worker sees the same cases", async () => {
    assert.deepEqual(await workerCaseNames(host), cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 90000 }, async () => {
      await runWorkerCase(host, c.name);
      ran++;
      assert.deepEqual(servers.leaks(), [], "no token where it must not be");
      const grants = servers.requests.filter((r) => r.path === "/token").map((r) => new URLSearchParams(r.body));
      for (const g of grants) assert.equal(g.get("resource"), servers.mcpUrl, `resource on the ${g.get("grant_type")} grant`);
      if (c.name.startsWith("code flow")) {
        assert.deepEqual(grants.map((g) => g.get("grant_type")), ["authorization_code"], "one code redeemed, nothing more");
        assert.equal(servers.requests.filter((r) => r.path === "/authorize").length, 1);
      }
      if (c.name.startsWith("client credentials without token_url")) {
        assert.deepEqual(grants.map((g) => g.get("grant_type")), ["client_credentials"]);
        const paths = servers.requests.map((r) => `${r.server} ${r.path}`);
        assert.ok(paths.includes("mcp /.well-known/oauth-protected-resource/mcp") && paths.includes("as /.well-known/oauth-authorization-server"), `discovery: ${paths}`);
      }
      if (c.name.startsWith("client credentials (type oauth2)")) {
        assert.deepEqual(grants.map((g) => g.get("grant_type")), ["client_credentials"]);
      }
      for (const r of servers.requests.filter((x) => x.headers.authorization?.startsWith("Bearer "))) {
        assert.equal(r.server, "mcp", `a Bearer token went to ${r.server}:${r.path}`);
      }
    });
  }

  it("ran every case", () => {
    assert.equal(ran, cases.length, "every case ran in workerd");
  });
});
