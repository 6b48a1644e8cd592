// Runs under Node 22 (miniflare 4 needs it; the test runner is Node 20):
// starts workerd through miniflare with a Worker that imports the installed
// package's `workerd` entry and serves
//   GET /cases            -> the case names
//   GET /run?name=<case>  -> runs one case, answers { name, ok, message, ms }
//   GET /chat?q=&drip_ms= -> streams a conversation from the mock as its own
//                            text/event-stream response (stream.toReadableStream())
// prints `READY <url>` on stdout, and disposes of miniflare when stdin
// closes (the parent test ends it) or on SIGTERM.
//
// With `suite: "mcp"` the Worker serves ../mcp/cases.mjs instead (the MCP
// cases, whose servers the parent started: `servers` = { streamable, sse,
// modern } URLs), with the same /cases and /run routes and no /chat.
//
// With `suite: "oauth"` it serves ../oauth/worker-cases.mjs (McpClient's OAuth in a Worker against the servers
// of tests/support/mcp-oauth-servers.mjs, described by `oauth`), with a KV namespace bound as AUTH_KV.
//
// usage: node workerd-host.mjs '<json {project, entry, mockURL, closedURL}>'
//        node workerd-host.mjs '<json {suite: "mcp", project, entry, servers, closedURL}>'
//        node workerd-host.mjs '<json {suite: "oauth", project, entry, oauth}>'

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { Miniflare } from "miniflare";
import { E2E_DIR, MCP_DIR, OAUTH_DIR } from "./setup.mjs";

const config = JSON.parse(process.argv[2] ?? "{}");
const MCP = config.suite === "mcp";
const OAUTH = config.suite === "oauth";

// Shared by both Workers below (their source text, not a module).
const PLATFORM_FILTER = `
// workerd itself leaves a rejection unhandled when a response body's
// connection is lost mid-read, or when a body with a pending read is
// cancelled or its fetch aborted, even when every read and
// \`reader.closed\` are handled (checked with plain fetch code in
// miniflare: the pending read rejects and is handled, and workerd reports a
// second, internal rejection with the same reason): not the package's doing.
const PLATFORM_REASONS = ["Network connection lost.", "Stream was cancelled.", "The operation was aborted"];
function platformRejection(reason) {
  return reason instanceof Error && !(reason instanceof lib.MistralError) && PLATFORM_REASONS.includes(reason.message);
}
`;

/**
 * A Worker that serves `casesModule`'s cases at GET /cases and GET /run?name=, each run with the context that the
 * source text `context` builds (from `lib`, `env` and `platformRejection`); `routes` and `code` add the suite's own.
 */
const casesWorker = ({ entry, imports = "", casesModule, context, code = "", routes = "" }) => `
import * as lib from "./node_modules/mistral-edge/${entry.replace(/^\.\//, "")}";
${imports}
import { cases, runCase } from "${casesModule}";
${PLATFORM_FILTER}
${code}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      await lib.ready;
      if (url.pathname === "/cases") return Response.json(cases.map((c) => c.name));
      if (url.pathname === "/run") {
        const name = url.searchParams.get("name");
        const c = cases.find((x) => x.name === name);
        if (!c) return Response.json({ name, ok: false, message: "no such case in the Worker" });
        return Response.json(await runCase(c, ${context}));
      }
      ${routes}
      return new Response("not found", { status: 404 });
    } catch (e) {
      return new Response("worker error: " + (e && e.stack || e), { status: 500 });
    }
  },
};
`;

// The e2e cases' Worker, with GET /chat: a conversation from the mock streamed as its own text/event-stream response.
const CHAT = `
function sse(event) {
  return "event: " + event.type + "\\ndata: " + JSON.stringify(event) + "\\n\\n";
}

async function chat(url, env) {
  const q = url.searchParams.get("q") ?? "hello";
  const drip = url.searchParams.get("drip_ms");
  const headers = drip ? { "x-mock-fault": "kind=drip&delay_ms=" + Number(drip) + "&key=chat-" + crypto.randomUUID() } : {};
  const client = new lib.Mistral({ apiKey: "sk-worker-key", serverURL: env.MOCK_URL, retry: false });
  const stream = await client.conversations.startStream({ model: "mistral-small-latest", inputs: q }, { headers });
  const encoder = new TextEncoder();
  const body = stream.toReadableStream().pipeThrough(new TransformStream({
    transform(event, controller) {
      controller.enqueue(encoder.encode(sse(event)));
    },
  }));
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}
`;

const WORKER = (entry) =>
  casesWorker({
    entry,
    imports: 'import { makeContext } from "./e2e/cases.mjs";',
    casesModule: "./e2e/cases.mjs",
    context: 'makeContext({ lib, serverURL: env.MOCK_URL, closedURL: env.CLOSED_URL, runtime: "workerd", ignoreUnhandled: platformRejection })',
    code: CHAT,
    routes: 'if (url.pathname === "/chat") return await chat(url, env);',
  });

// The MCP cases' Worker: the servers' URLs come in a JSON binding.
const MCP_WORKER = (entry) =>
  casesWorker({
    entry,
    imports: 'import { makeContext } from "./mcp/cases.mjs";',
    casesModule: "./mcp/cases.mjs",
    context: 'makeContext({ lib, servers: JSON.parse(env.MCP_SERVERS), closedURL: env.CLOSED_URL, runtime: "workerd", ignoreUnhandled: platformRejection })',
  });

// The OAuth cases' Worker: the servers' URLs and clients in a JSON binding, a KV namespace for the storage helper.
const OAUTH_WORKER = (entry) =>
  casesWorker({
    entry,
    imports: 'import * as oauth from "./node_modules/mistral-edge/oauth.js";\nimport { assert } from "./e2e/assert.mjs";',
    casesModule: "./oauth/worker-cases.mjs",
    context: '{ lib, oauth, env, assert, servers: JSON.parse(env.OAUTH), runtime: "workerd", ignoreUnhandled: platformRejection }',
  });

async function* walk(dir) {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const MODULE_TYPES = { ".js": "ESModule", ".mjs": "ESModule", ".cjs": "CommonJS", ".wasm": "CompiledWasm" };

function moduleType(file) {
  const dot = file.lastIndexOf(".");
  return dot < 0 ? undefined : MODULE_TYPES[file.slice(dot)];
}

/** Every module of the Worker: itself, the cases (and, for MCP, the e2e assert they share), and the package's code and wasm. */
async function modules({ project, entry }) {
  const worker = OAUTH ? OAUTH_WORKER(entry) : MCP ? MCP_WORKER(entry) : WORKER(entry);
  const list = [{ type: "ESModule", path: join(project, "worker.mjs"), contents: worker }];
  const nodeOnly = [join(E2E_DIR, "setup.mjs"), join(E2E_DIR, "workerd-host.mjs"), join(E2E_DIR, "static-server.mjs")];
  const mounts = [[E2E_DIR, "e2e"], ...(MCP ? [[MCP_DIR, "mcp"]] : []), ...(OAUTH ? [[OAUTH_DIR, "oauth"]] : [])];
  for (const [dir, mount] of mounts) {
    for await (const file of walk(dir)) {
      if (!file.endsWith(".mjs") || file.endsWith(".node.mjs") || nodeOnly.includes(file)) continue;
      const rel = relative(dir, file).split(sep).join("/");
      list.push({ type: "ESModule", path: join(project, mount, rel), contents: await readFile(file, "utf8") });
    }
  }
  const pkgDir = join(project, "node_modules", "mistral-edge");
  for await (const file of walk(pkgDir)) {
    const type = moduleType(file);
    if (!type || file.endsWith(".d.ts")) continue;
    list.push({ type, path: file, contents: await readFile(file) });
  }
  return list;
}

const mf = new Miniflare({
  modules: await modules(config),
  modulesRoot: config.project,
  compatibilityDate: "2025-06-01",
  bindings: OAUTH
    ? { OAUTH: JSON.stringify(config.oauth) }
    : MCP
      ? { MCP_SERVERS: JSON.stringify(config.servers), CLOSED_URL: config.closedURL }
      : { MOCK_URL: config.mockURL, CLOSED_URL: config.closedURL },
  ...(OAUTH ? { kvNamespaces: ["AUTH_KV"] } : {}),
  host: "127.0.0.1",
  port: 0,
  cf: false,
  log: undefined,
});

let disposing = null;
function dispose() {
  disposing ??= mf.dispose().finally(() => process.exit(0));
  return disposing;
}
process.stdin.on("end", dispose);
process.stdin.on("close", dispose);
process.on("SIGTERM", dispose);
process.stdin.resume();

try {
  const url = await mf.ready;
  process.stdout.write(`READY ${url}\n`);
} catch (e) {
  process.stderr.write(`miniflare failed to start: ${e?.stack ?? e}\n`);
  await mf.dispose().catch(() => {});
  process.exit(1);
}
