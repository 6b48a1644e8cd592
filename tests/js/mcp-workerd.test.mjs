// The MCP end-to-end cases (./mcp/cases.mjs) in workerd, through miniflare 4
// (./e2e/workerd-host.mjs with suite "mcp", under Node 22), on the installed
// package's `workerd` entry. The Worker fetches the MCP servers this file
// starts on 127.0.0.1 (server-everything over Streamable HTTP and HTTP+SSE,
// the 2026-07-28 server). Needs `make package`.
//
// run: node --test tests/js/mcp-workerd.test.mjs

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cases } from "./mcp/cases.mjs";
import { startMcpServers } from "./mcp/servers.node.mjs";
import { closedURL, exportTarget, installPackage, startWorkerdHost, stopWorkerdHost } from "./e2e/setup.mjs";

describe("MCP e2e in workerd (miniflare, workerd entry)", () => {
  let servers;
  let pkg;
  let host;
  let ran = 0;

  before(async () => {
    servers = await startMcpServers();
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "workerd");
    host = await startWorkerdHost({ suite: "mcp", project: pkg.project, entry, servers: servers.urls, closedURL: await closedURL() });
  });

  after(async () => {
    await stopWorkerdHost(host);
    await servers?.close();
    await pkg?.cleanup();
  });

  it("the Worker sees the same cases", async () => {
    assert.ok(host, "set-up failed");
    const res = await fetch(`${host.url}cases`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.deepEqual(JSON.parse(text), cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 90000 }, async () => {
      assert.ok(host, "set-up failed");
      const res = await fetch(`${host.url}run?name=${encodeURIComponent(c.name)}`);
      const text = await res.text();
      assert.equal(res.status, 200, `the Worker failed: ${text}\n${host.stderr().slice(-4000)}`);
      const result = JSON.parse(text);
      ran++;
      if (!result.ok) assert.fail(result.message);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in workerd");
  });
});
