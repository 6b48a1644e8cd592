// The MCP end-to-end cases (./mcp/cases.mjs) in headless Chromium: a page on
// 127.0.0.1 imports the installed package's `browser` entry through an
// import map and runs each case when asked. Every MCP server is another
// origin, so CORS is exercised: server-everything answers preflights and
// exposes Mcp-Session-Id itself (checked below from the page); the
// 2026-07-28 server sends no CORS headers and sits behind withCors. Needs
// `make package`.
//
// run: node --test tests/js/mcp-chromium.test.mjs

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cases } from "./mcp/cases.mjs";
import { startMcpServers } from "./mcp/servers.node.mjs";
import { E2E_DIR, MCP_DIR, closedURL, exportTarget, installPackage } from "./e2e/setup.mjs";
import { startStaticServer } from "./e2e/static-server.mjs";
import { casePage, launchChromium } from "./e2e/chromium.node.mjs";

describe("MCP e2e in headless Chromium (browser entry)", () => {
  let servers;
  let pkg;
  let site;
  let browser;
  let tab;
  const logs = [];
  let ran = 0;

  before(async () => {
    servers = await startMcpServers({ cors: true });
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "browser");
    site = await startStaticServer({
      mounts: { "/pkg/": pkg.installed, "/e2e/": E2E_DIR, "/mcp/": MCP_DIR },
      pages: { "/": casePage({ entry, casesModule: "/mcp/cases.mjs", config: { servers: servers.urls, closedURL: await closedURL() }, title: "mistral-edge MCP e2e" }) },
    });
    browser = await launchChromium();
    tab = await browser.newPage();
    tab.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    await tab.goto(`${site.url}/`);
    await tab.waitForFunction(() => window.__cases || window.__casesError, null, { timeout: 30000 });
    const error = await tab.evaluate(() => window.__casesError);
    if (error) throw new Error(`the page could not load the package: ${error}\n${logs.join("\n")}`);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await servers?.close();
    await pkg?.cleanup();
  });

  it("the page sees the same cases", async () => {
    assert.ok(tab, `set-up failed\n${logs.join("\n")}`);
    assert.deepEqual(await tab.evaluate(() => window.__cases.names), cases.map((c) => c.name));
  });

  it("server-everything's CORS lets the page read Mcp-Session-Id (no proxy needed)", async () => {
    assert.ok(tab, "set-up failed");
    const seen = await tab.evaluate(async (url) => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "cors-check", version: "0" } },
        }),
      });
      const session = res.headers.get("mcp-session-id");
      await res.body.cancel();
      if (session) await fetch(url, { method: "DELETE", headers: { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" } });
      return { status: res.status, session };
    }, servers.urls.streamable);
    assert.equal(seen.status, 200);
    assert.match(seen.session ?? "", /^[0-9a-f-]{36}$/, "the page can read the session id");
  });

  for (const c of cases) {
    it(c.name, { timeout: 90000 }, async () => {
      assert.ok(tab, "set-up failed");
      const result = await tab.evaluate((name) => window.__cases.run(name), c.name);
      ran++;
      if (!result.ok) assert.fail(`${result.message}${logs.length ? `\n${logs.slice(-10).join("\n")}` : ""}`);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in Chromium");
  });
});
