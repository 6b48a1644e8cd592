// The benchmark harness (tests/bench/run.mjs, issue #8) end to end with tiny
// sizes: it must run every part against the built package (pkg/) and the
// peer SDK, and write a report with every section, table and figure, a
// results.json whose figures are real measurements, and a PNG chart. The
// numbers of a smoke run mean nothing; `make bench` makes the real report.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SECTIONS } from "../bench/report.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function runSmoke(out) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(REPO, "tests/bench/run.mjs"), "--smoke", "--out", out], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) ok(stderr);
      else fail(new Error(`run.mjs --smoke exited ${code ?? signal}:\n${stderr.slice(-4000)}`));
    });
  });
}

/** The rows of the markdown table that follows `heading` (up to the next heading). */
function section(md, heading) {
  const at = md.indexOf(`\n## ${heading}\n`);
  assert.ok(at >= 0, `REPORT.md has a "## ${heading}" section`);
  const rest = md.slice(at + heading.length + 5);
  const end = rest.indexOf("\n## ");
  return end < 0 ? rest : rest.slice(0, end);
}

const CHUNKINGS = ["16 KiB chunks", "one chunk per event"];

test("bench: run.mjs --smoke writes a complete report, results and chart", { timeout: 150_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), "bench-smoke-"));
  try {
    const started = Date.now();
    await runSmoke(out);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 90, `the smoke run took ${seconds.toFixed(1)} s`);

    const md = await readFile(join(out, "REPORT.md"), "utf8");
    assert.match(md, /^# Benchmark: mistral-edge vs @mistralai\/mistralai \(SMOKE RUN/);
    let last = -1;
    for (const s of SECTIONS) {
      const at = md.indexOf(`\n## ${s}\n`);
      assert.ok(at > last, `section "${s}" present and in order`);
      last = at;
    }
    assert.match(section(md, "Machine and versions"), /\| CPU \| .+ \(nproc \d+\) \|/);
    assert.match(section(md, "Machine and versions"), /\| Chromium \| \d+\.\d+/);
    assert.match(section(md, "Machine and versions"), /\| Load before \(`uptime`\) \| .*load average/);
    assert.match(section(md, "Targets"), /\| Target \| Figures \(ours vs peer\) \| Ratio \| Where we stand \|/);
    assert.equal((section(md, "Targets").match(/\*\*(met|missed)\*\*/g) ?? []).length, 13, "every target has a verdict");
    assert.match(section(md, "1. Size"), /\| Peer: best case \(`MistralCore` \+ 3 functions\) \| [\d,]+ \| [\d,]+ \| [\d,]+ \|/);
    const tp = section(md, "2. Streaming throughput");
    assert.match(tp, /\*\*Node\*\*/);
    assert.match(tp, /\*\*Chromium\*\*/);
    for (const c of CHUNKINGS) assert.equal(tp.split(`\n| ${c} | `).length - 1, 2, `a "${c}" row for Node and for Chromium`);
    assert.match(tp, /!\[Throughput chart\]\(throughput\.png\)/);
    assert.match(section(md, "3. Start-up"), /\| Node: process start → first response \| [\d.]+ \| [\d.]+ \| [\d.]+× \|/);
    assert.match(section(md, "4. Memory"), /\| Streaming: growth after warm-up \| -?[\d,]+ B \| -?[\d,]+ B \|/);
    assert.match(section(md, "5. Per-call overhead"), /\| p99 \| [\d.]+ \| [\d.]+ \| [\d.]+× \|/);
    assert.doesNotMatch(md, /undefined|NaN|\[object Object\]/);

    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    assert.equal(results.smoke, true);
    for (const t of [results.nodeThroughput, results.browserThroughput]) {
      assert.equal(t.rows.length, 6);
      for (const r of t.rows) {
        assert.ok(r.eventsPerSec > 0 && Number.isFinite(r.eventsPerSec), `${r.consumer} ${r.chunking}: ${r.eventsPerSec} ev/s`);
        assert.ok(r.runsMs.length >= 5, "at least five timed runs");
      }
    }
    assert.ok(results.size.ours.total.gzip > 0 && results.size.peerBest.gzip > 0 && results.size.peerDefault.gzip > results.size.peerBest.gzip);
    assert.ok(results.nodeStartup.ours.length >= 5 && results.nodeStartup.peer.length >= 5);
    assert.ok(results.memory.streamed >= results.memory.events);

    const png = await readFile(join(out, "throughput.png"));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG file");
    assert.ok(png.readUInt32BE(16) >= 800 && png.readUInt32BE(20) >= 300, "the chart has a real size");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
