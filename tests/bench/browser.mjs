// Headless Chromium for the benchmark: the throughput run in a page (ours
// loaded from the package's browser entry, the peer from an esbuild bundle
// of its `Mistral` + `HTTPClient`, both served by a static server on
// 127.0.0.1) and the screenshot of the throughput chart.

import { join } from "node:path";
import { build } from "esbuild";
import { PEER_BUNDLE_OPTIONS } from "./lib/peer-bundle.mjs";
import { startStaticServer } from "../js/e2e/static-server.mjs";

export { launchChromium as launch } from "../js/e2e/chromium.node.mjs";

/** The peer as a browser user would ship it for this page: one minified ESM bundle. */
async function bundlePeer({ root, workDir }) {
  const out = join(workDir, "peer-browser.js");
  await build({
    stdin: { contents: 'export { Mistral, HTTPClient } from "@mistralai/mistralai";', resolveDir: root, loader: "js" },
    ...PEER_BUNDLE_OPTIONS,
    outfile: out,
  });
}

const PAGE = (config) => `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">
import { Mistral as Ours } from "/pkg/browser.js";
import { Mistral as Peer, HTTPClient } from "/work/peer-browser.js";
import { measureThroughput } from "/bench/lib/throughput.mjs";
window.__log = [];
measureThroughput({ Ours, Peer, HTTPClient, n: ${config.n}, runs: ${config.runs}, log: (m) => window.__log.push(m) })
  .then((r) => { window.__result = r; }, (e) => { window.__error = String(e && e.stack || e); });
</script>`;

/** Runs the throughput measurement in a fresh page; returns it with the browser's version. */
export async function browserThroughput({ browser, root, pkgDir, benchDir, workDir, n, runs, timeoutMs }) {
  await bundlePeer({ root, workDir });
  const server = await startStaticServer({
    mounts: { "/pkg/": pkgDir, "/bench/": benchDir, "/work/": workDir },
    pages: { "/": PAGE({ n, runs }) },
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.__result || window.__error, null, { timeout: timeoutMs, polling: 250 }).catch((e) => {
      throw new Error(`throughput in Chromium did not finish: ${errors.join("; ") || e.message}`);
    });
    const { result, error } = await page.evaluate(() => ({ result: window.__result, error: window.__error }));
    if (error || !result) throw new Error(`throughput in Chromium failed: ${error ?? errors.join("; ")}`);
    return result;
  } finally {
    await context.close();
    await server.close();
  }
}

/** Screenshots an HTML page (the chart) to a PNG file. */
export async function screenshot({ browser, html, path, width, height }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.setContent(html);
    await page.screenshot({ path, fullPage: true });
  } finally {
    await context.close();
  }
}
