// Headless Chromium for the browser suites (e2e, MCP) and the benchmark:
// off the network (every host but loopback resolves to nothing, and
// Chromium's own background traffic is off), and the page that runs a case
// file: it imports the installed package's `browser` entry through an
// import map and exposes the cases as `window.__cases` (`names`, `run(name)`),
// or the import failure as `window.__casesError`.

import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
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

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The HTML of a page running the cases of `casesModule` (a path the static server serves) with `config`. */
export function casePage({ entry, casesModule, config, title }) {
  const importMap = { imports: { "mistral-edge": `/pkg/${entry.replace(/^\.\//, "")}` } };
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  const config = ${JSON.stringify(config)};
  try {
    const lib = await import("mistral-edge");
    await lib.ready;
    const { cases, makeContext, runCase } = await import(${JSON.stringify(casesModule)});
    const ctx = makeContext({ lib, ...config, runtime: "chromium" });
    window.__cases = {
      names: cases.map((c) => c.name),
      run: (name) => {
        const c = cases.find((x) => x.name === name);
        return c ? runCase(c, ctx) : { name, ok: false, message: "no such case in the page" };
      },
    };
  } catch (e) {
    window.__casesError = String(e?.stack ?? e);
  }
</script></head><body>${title}</body></html>`;
}
