// The demo Worker's decisions, in Node: which upstream it calls (the real API
// with MISTRAL_API_KEY, else the mock `make demo` names, else none), what its
// proxy forwards (the Worker's key unless the browser brought its own, no
// cookies, the mock's headers only to the mock), and the wrangler.toml that
// both `npx wrangler deploy` and `make demo` read.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { join } from "node:path";
import { MISTRAL_API, noUpstream, upstreamOf } from "../../www/worker/src/upstream.js";
import { proxy } from "../../www/worker/src/proxy.js";
import { planUpstream } from "../../scripts/demo/upstream.mjs";
import { WRANGLER_TOML, readWranglerConfig } from "../../scripts/demo/worker.mjs";
import { WWW } from "../../scripts/demo/assets.mjs";

describe("demo Worker: upstream, proxy, wrangler.toml", () => {
  it("a key in the environment means the real API; else the mock make demo names; else no upstream (503)", async () => {
    assert.deepEqual(upstreamOf({ MISTRAL_API_KEY: " sk-real ", MOCK_MISTRAL_URL: "http://127.0.0.1:1" }), { kind: "mistral", url: MISTRAL_API, key: "sk-real" });
    assert.equal(MISTRAL_API, "https://api.mistral.ai");
    assert.deepEqual(upstreamOf({ MISTRAL_API_KEY: "", MOCK_MISTRAL_URL: "http://127.0.0.1:9/", MOCK_MISTRAL_KEY: "k" }), { kind: "mock", url: "http://127.0.0.1:9", key: "k" });
    assert.equal(upstreamOf({}), null);
    const refused = noUpstream();
    assert.equal(refused.status, 503);
    assert.match((await refused.json()).message, /wrangler secret put MISTRAL_API_KEY/);
  });

  it("make demo plans the same: no mock with MISTRAL_API_KEY; a fresh key only the Worker holds without", () => {
    const real = planUpstream({ MISTRAL_API_KEY: "sk-real" });
    assert.equal(real.mock, false);
    assert.deepEqual(real.bindings, { MISTRAL_API_KEY: "sk-real" });
    const a = planUpstream({});
    const b = planUpstream({ MISTRAL_API_KEY: "   " });
    assert.equal(a.mock, true);
    assert.equal(b.mock, true, "a blank key is no key");
    assert.match(a.bindings.MOCK_MISTRAL_KEY, /^demo-[0-9a-f]{24}$/);
    assert.notEqual(a.bindings.MOCK_MISTRAL_KEY, b.bindings.MOCK_MISTRAL_KEY);
    assert.equal(a.bindings.MISTRAL_API_KEY, undefined);
  });

  it("the proxy forwards method, path, query, body and answer; puts in the Worker's key; drops what is the browser's", async () => {
    const seen = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(201, { "content-type": "text/event-stream", "set-cookie": "a=b", "x-request-id": "r1" });
        res.end("event: x\ndata: {}\n\n");
      });
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${server.address().port}`;
    try {
      const browser = (headers) =>
        new Request("http://worker.example/v1/conversations?x=1", { method: "POST", headers: { "content-type": "application/json", cookie: "session=1", "x-mock-fault": "kind=stall", ...headers }, body: '{"a":1}' });
      const answer = await proxy(browser({}), { kind: "mock", url, key: "worker-key" });
      assert.equal(answer.status, 201);
      assert.equal(await answer.text(), "event: x\ndata: {}\n\n", "the event stream passes untouched");
      assert.equal(answer.headers.get("set-cookie"), null);
      assert.equal(answer.headers.get("x-request-id"), "r1");
      assert.equal(seen[0].method, "POST");
      assert.equal(seen[0].url, "/v1/conversations?x=1");
      assert.equal(seen[0].body, '{"a":1}');
      assert.equal(seen[0].headers.authorization, "Bearer worker-key");
      assert.equal(seen[0].headers.cookie, undefined);
      assert.equal(seen[0].headers["x-mock-fault"], "kind=stall", "the mock gets its fault header");
      await proxy(browser({ authorization: "Bearer users-own" }), { kind: "mistral", url, key: "worker-key" });
      assert.equal(seen[1].headers.authorization, "Bearer users-own", "a key the browser brought is the one used");
      assert.equal(seen[1].headers["x-mock-fault"], undefined, "the real API never sees the mock's headers");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("wrangler.toml: the entry, static assets from www/ with /v1/* and /api/* to the Worker, the copy step as build", () => {
    const config = readWranglerConfig();
    assert.ok(existsSync(config.main), config.main);
    assert.equal(config.assets.directory, WWW);
    assert.equal(config.assets.binding, "ASSETS");
    assert.deepEqual(config.assets.workerFirst, ["/v1/*", "/api/*"]);
    assert.match(config.compatibilityDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(existsSync(join(WWW, "index.html")));
    const toml = parse(readFileSync(WRANGLER_TOML, "utf8"));
    assert.equal(toml.build.command, "node ../../scripts/demo.mjs --assets-only", "deploy copies the package into www/pkg/ first");
    assert.equal(toml.vars, undefined, "no key or setting in the file: the key is a secret");
  });
});
