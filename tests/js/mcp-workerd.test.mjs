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
import { closedURL, exportTarget, installPackage, runWorkerCase, startWorkerdHost, stopWorkerdHost, workerCaseNames } from "./e2e/setup.mjs";

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
    assert.deepEqual(await workerCaseNames(host), cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 90000 }, async () => {
      await runWorkerCase(host, c.name);
      ran++;
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in workerd");
  });
});
