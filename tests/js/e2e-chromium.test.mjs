// The end-to-end cases (./e2e/cases.mjs) in headless Chromium: a page on
// 127.0.0.1 imports the installed package's `browser` entry through an
// import map and runs each case when asked; the mock is another origin, so
// CORS is exercised too. Needs `make package`.
//
// run: node --test tests/js/

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startMockMistral } from "../support/mock-mistral.mjs";
import { cases } from "./e2e/cases.mjs";
import { E2E_DIR, closedURL, exportTarget, installPackage } from "./e2e/setup.mjs";
import { startStaticServer } from "./e2e/static-server.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Off the network: every host but loopback resolves to nothing, and
// Chromium's own background traffic (updates, sync, QUIC probes) is off.
const ARGS = [
  "--no-sandbox",
  "--headless",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

function page(entry, config) {
  const importMap = { imports: { "mistral-edge": `/pkg/${entry.replace(/^\.\//, "")}` } };
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>mistral-edge e2e</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  const config = ${JSON.stringify(config)};
  try {
    const lib = await import("mistral-edge");
    await lib.ready;
    const { cases, makeContext, runCase } = await import("/e2e/cases.mjs");
    const ctx = makeContext({ lib, ...config, runtime: "chromium" });
    window.__e2e = {
      names: cases.map((c) => c.name),
      run: (name) => {
        const c = cases.find((x) => x.name === name);
        return c ? runCase(c, ctx) : { name, ok: false, message: "no such case in the page" };
      },
    };
  } catch (e) {
    window.__e2eError = String(e?.stack ?? e);
  }
</script></head><body>mistral-edge e2e</body></html>`;
}

describe("e2e in headless Chromium (browser entry)", () => {
  let mock;
  let pkg;
  let site;
  let browser;
  let tab;
  const logs = [];
  let ran = 0;

  before(async () => {
    mock = await startMockMistral({ port: 0 });
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "browser");
    site = await startStaticServer({
      mounts: { "/pkg/": pkg.installed, "/e2e/": E2E_DIR },
      pages: { "/": page(entry, { serverURL: mock.url, closedURL: await closedURL() }) },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    tab = await browser.newPage();
    tab.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    await tab.goto(`${site.url}/`);
    await tab.waitForFunction(() => window.__e2e || window.__e2eError, null, { timeout: 30000 });
    const error = await tab.evaluate(() => window.__e2eError);
    if (error) throw new Error(`the page could not load the package: ${error}\n${logs.join("\n")}`);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await mock?.close();
    await pkg?.cleanup();
  });

  it("the page sees the same cases", async () => {
    assert.ok(tab, `set-up failed\n${logs.join("\n")}`);
    const names = await tab.evaluate(() => window.__e2e.names);
    assert.ok(names.length > 0, "the page has cases");
    assert.deepEqual(names, cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 120000 }, async () => {
      assert.ok(tab, "set-up failed");
      const result = await tab.evaluate((name) => window.__e2e.run(name), c.name);
      ran++;
      if (!result.ok) assert.fail(result.message);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in Chromium");
  });
});
