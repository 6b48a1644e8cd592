// The end-to-end cases (./e2e/cases.mjs) in headless Chromium: a page on
// 127.0.0.1 imports the installed package's `browser` entry through an
// import map and runs each case when asked; the mock is another origin, so
// CORS is exercised too. Needs `make package`.
//
// run: node --test tests/js/

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startMockMistral } from "../support/mock-mistral.mjs";
import { cases } from "./e2e/cases.mjs";
import { E2E_DIR, closedURL, exportTarget, installPackage } from "./e2e/setup.mjs";
import { startStaticServer } from "./e2e/static-server.mjs";
import { casePage, launchChromium } from "./e2e/chromium.node.mjs";

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
      pages: { "/": casePage({ entry, casesModule: "/e2e/cases.mjs", config: { serverURL: mock.url, closedURL: await closedURL() }, title: "mistral-edge e2e" }) },
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
    await mock?.close();
    await pkg?.cleanup();
  });

  it("the page sees the same cases", async () => {
    assert.ok(tab, `set-up failed\n${logs.join("\n")}`);
    const names = await tab.evaluate(() => window.__cases.names);
    assert.ok(names.length > 0, "the page has cases");
    assert.deepEqual(names, cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 120000 }, async () => {
      assert.ok(tab, "set-up failed");
      const result = await tab.evaluate((name) => window.__cases.run(name), c.name);
      ran++;
      if (!result.ok) assert.fail(result.message);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in Chromium");
  });
});
