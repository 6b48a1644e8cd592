// The MCP end-to-end cases (./mcp/cases.mjs) in Node, on the package as a
// user installs it (`npm pack` of pkg/, installed offline into a fresh
// project), against server-everything over Streamable HTTP and over
// HTTP+SSE (child processes) and the 2026-07-28 server (in this process),
// all on 127.0.0.1 and stopped at the end. Needs `make package`.
//
// run: node --test tests/js/mcp-node.test.mjs

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cases, makeContext, runCase } from "./mcp/cases.mjs";
import { startMcpServers } from "./mcp/servers.node.mjs";
import { closedURL, installPackage } from "./e2e/setup.mjs";

describe("MCP e2e in Node (packed tarball)", () => {
  let servers;
  let pkg;
  let ctx;
  let ran = 0;

  before(async () => {
    servers = await startMcpServers();
    pkg = await installPackage();
    const loader = join(pkg.project, "load.mjs");
    await writeFile(loader, 'export * from "mistral-edge";\n');
    const lib = await import(pathToFileURL(loader).href);
    ctx = makeContext({
      lib,
      servers: servers.urls,
      closedURL: await closedURL(),
      runtime: "node",
    });
  });

  after(async () => {
    await servers?.close();
    await pkg?.cleanup();
  });

  for (const c of cases) {
    it(c.name, { timeout: 90000 }, async () => {
      assert.ok(ctx, "set-up failed");
      const result = await runCase(c, ctx);
      ran++;
      if (!result.ok) assert.fail(result.message);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in Node");
  });
});
