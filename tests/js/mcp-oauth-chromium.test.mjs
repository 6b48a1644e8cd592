// McpClient's OAuth in headless Chromium, on the installed package's `browser` entry and "mistral-edge/oauth":
// a page on 127.0.0.1 connects to the local OAuth-protected MCP server (another origin), `onAuthorize` opens the
// authorization server in a popup with openAuthorizationPopup, the auto-approving server sends the popup to
// www/oauth-callback.html, which reports back, and the tool call succeeds. Also the full-page redirect flow
// (`finishAuth` after navigating back, credentials in localStorageAuthStorage), and the popup's failures. Every
// URL the browser requested (popup included) and every request the servers saw is checked for tokens.
// Needs `make package`.
//
// run: node --test tests/js/mcp-oauth-chromium.test.mjs

import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startOAuthServers } from "../support/mcp-oauth-servers.mjs";
import { REPO, exportTarget, installPackage } from "./e2e/setup.mjs";
import { startStaticServer } from "./e2e/static-server.mjs";
import { launchChromium } from "./e2e/chromium.node.mjs";

const WWW = join(REPO, "www");
const PAGE_CLIENT = "chromium-page-client";

/**
 * The test page: `window.__start(options)` (called from a click on #go, so the popup opens from a user gesture)
 * runs one flow and leaves `{ ok, text }` or `{ ok: false, error: { name, reason, message, ... } }` in
 * `window.__outcome`. With `mode: "redirect"`, onAuthorize navigates this tab; on the way back (a `code` in the
 * query) the page finishes the flow itself and leaves the outcome the same way.
 */
function testPage({ entry, mcpUrl }) {
  const importMap = { imports: { "mistral-edge": `/pkg/${entry.replace(/^\.\//, "")}`, "mistral-edge/oauth": "/pkg/oauth.js" } };
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>mistral-edge OAuth</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  import { McpClient, AuthError, ready } from "mistral-edge";
  import { openAuthorizationPopup, localStorageAuthStorage } from "mistral-edge/oauth";
  await ready;
  const MCP_URL = ${JSON.stringify(mcpUrl)};
  const POPUP_REDIRECT = location.origin + "/oauth-callback.html";
  const PAGE_REDIRECT = location.origin + "/app.html";
  const describe = (e) => {
    const out = { name: e?.name, message: String(e?.message ?? e), isAuthError: e instanceof AuthError };
    for (const k of Object.keys(e ?? {})) if (["string", "number", "boolean"].includes(typeof e[k])) out[k] = e[k];
    return out;
  };
  // An asynchronous store (IndexedDB, a remote one) as McpOAuthStorage allows: localStorage behind a 300 ms delay.
  const local = localStorageAuthStorage();
  const slow = {
    get: (k) => local.get(k),
    delete: (k) => local.delete(k),
    set: (k, v) => new Promise((done) => setTimeout(() => done(local.set(k, v)), 300)),
  };
  const slowStorage = () => sessionStorage.getItem("slow-storage") === "1";
  const client = (options, onAuthorize, redirectUri) =>
    new McpClient({
      url: MCP_URL,
      timeoutMs: 20000,
      auth: { type: "oauth", clientName: "mistral-edge chromium test", redirectUri, scope: options.scope, storage: slowStorage() ? slow : local, onAuthorize },
    });
  async function popupFlow(options) {
    const mcp = client(options, (url) => openAuthorizationPopup(url, { redirectUri: POPUP_REDIRECT, timeoutMs: options.timeoutMs }), POPUP_REDIRECT);
    try {
      const result = await mcp.callTool("echo", { message: options.message });
      return result.content[0].text;
    } finally {
      await mcp.close();
    }
  }
  async function redirectFlow(options) {
    sessionStorage.setItem("slow-storage", options.slowStorage ? "1" : "0");
    const mcp = client(options, (url) => { location.assign(url); return undefined; }, PAGE_REDIRECT);
    try {
      await mcp.callTool("echo", { message: options.message });
      sessionStorage.setItem("flow", JSON.stringify({ ok: false, error: { message: "the call went through before any authorization" } }));
    } catch (e) {
      sessionStorage.setItem("flow", JSON.stringify({ pending: describe(e), message: options.message }));
    }
  }
  // The helper on its own, on an authorization URL the test built.
  const popupOnly = (options) => openAuthorizationPopup(options.url, { redirectUri: POPUP_REDIRECT, timeoutMs: options.timeoutMs });
  window.__start = (options) => {
    window.__outcome = undefined;
    const run = options.mode === "redirect" ? redirectFlow(options) : options.mode === "popup-only" ? popupOnly(options) : popupFlow(options);
    Promise.resolve(run).then(
      (text) => (window.__outcome = { ok: true, text }),
      (e) => (window.__outcome = { ok: false, error: describe(e) }),
    );
  };
  document.getElementById("go").addEventListener("click", () => window.__start(window.__next ?? {}));
  if (location.pathname === "/app.html" && new URLSearchParams(location.search).has("state")) {
    const before = JSON.parse(sessionStorage.getItem("flow") ?? "{}");
    const mcp = client({}, () => { throw new Error("no second authorization"); }, PAGE_REDIRECT);
    try {
      await mcp.finishAuth(location.href);
      history.replaceState(null, "", location.pathname);
      const result = await mcp.callTool("echo", { message: before.message ?? "back" });
      window.__outcome = { ok: true, text: result.content[0].text, pending: before.pending };
    } catch (e) {
      window.__outcome = { ok: false, error: describe(e), pending: before.pending };
    } finally {
      await mcp.close();
    }
  }
  window.__ready = true;
</script></head><body><button id="go" type="button">Connect</button></body></html>`;
}

describe("McpClient OAuth in headless Chromium (browser entry, mistral-edge/oauth)", () => {
  let servers;
  let pkg;
  let site;
  let browser;
  let context;
  let tab;
  const logs = [];
  /** Every URL the browser requested, in any tab or popup. */
  const browserUrls = [];
  const popups = [];

  before(async () => {
    servers = await startOAuthServers();
    pkg = await installPackage();
    const entry = exportTarget(pkg.manifest, "browser");
    const page = testPage({ entry, mcpUrl: servers.mcpUrl });
    site = await startStaticServer({ mounts: { "/pkg/": pkg.installed, "/": WWW }, pages: { "/": page, "/app.html": page } });
    servers.addClient({ clientId: PAGE_CLIENT, redirectUris: [`${site.url}/oauth-callback.html`] });
    browser = await launchChromium();
    context = await browser.newContext();
    context.on("request", (r) => browserUrls.push(r.url()));
    context.on("page", (p) => {
      if (p !== tab) popups.push(p);
    });
    tab = await context.newPage();
    tab.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    await tab.goto(`${site.url}/`);
    await tab.waitForFunction(() => window.__ready, null, { timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await servers?.close();
    await pkg?.cleanup();
  });

  beforeEach(async () => {
    servers?.reset();
    browserUrls.length = 0;
    popups.length = 0;
    if (tab) {
      if (new URL(tab.url()).pathname !== "/") await tab.goto(`${site.url}/`);
      await tab.waitForFunction(() => window.__ready, null, { timeout: 30000 });
      await tab.evaluate(() => localStorage.clear());
    }
  });

  /** Clicks Connect with `options` and waits for the outcome. */
  async function run(options, timeout = 30000) {
    await tab.evaluate((o) => (window.__next = o), options);
    await tab.click("#go");
    await tab.waitForFunction(() => window.__outcome, null, { timeout });
    return tab.evaluate(() => window.__outcome);
  }

  /** An authorization URL for the page's pre-registered client, as McpClient would build it. */
  function authorizeUrl(state = "state-of-this-flow-0123456789") {
    const u = new URL(`${servers.issuer}/authorize`);
    const params = { response_type: "code", client_id: PAGE_CLIENT, redirect_uri: `${site.url}/oauth-callback.html`, code_challenge: "c".repeat(43), code_challenge_method: "S256", state, resource: servers.mcpUrl };
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.href;
  }

  const localStorageOf = () => tab.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

  /** No access token, refresh token or code in any URL the browser asked for but the callback's own code. */
  function assertNoTokenInBrowserUrls() {
    const { accessTokens, refreshTokens } = servers.issued();
    for (const url of browserUrls) {
      for (const t of [...accessTokens.map((x) => x.value), ...refreshTokens]) assert.ok(!url.includes(t), `a token in the URL ${url.slice(0, 120)}`);
    }
  }

  it("popup flow: registration, the popup reaches oauth-callback.html, the tool call succeeds", async () => {
    const outcome = await run({ message: "through the popup" });
    assert.deepEqual(outcome, { ok: true, text: "through the popup" }, `${JSON.stringify(outcome)}\n${logs.slice(-10).join("\n")}`);
    assert.equal(popups.length, 1, "one popup");
    const popupUrls = browserUrls.filter((u) => u.startsWith(`${servers.issuer}/authorize`) || u.startsWith(`${site.url}/oauth-callback.html`));
    assert.equal(popupUrls.length, 2, `the popup went to /authorize and the callback page: ${popupUrls.join(", ")}`);
    await popups[0].waitForEvent("close", { timeout: 5000 }).catch(() => {});
    assert.ok(popups[0].isClosed(), "the popup closed");
    const stored = await localStorageOf();
    assert.ok(Object.keys(stored).some((k) => k.startsWith("mistral-edge:oauth:")), `credentials in localStorage: ${Object.keys(stored)}`);
    assert.ok(servers.requests.some((r) => r.path === "/register" && r.headers.origin === site.url), "registered from the page");
    assert.deepEqual(servers.leaks(), []);
    assertNoTokenInBrowserUrls();
    for (const r of servers.requests.filter((x) => x.headers.authorization?.startsWith("Bearer "))) assert.equal(r.server, "mcp");
    // A reload (a new client on the same localStorage) needs no popup.
    await tab.reload();
    await tab.waitForFunction(() => window.__ready);
    assert.deepEqual(await run({ message: "after reload" }), { ok: true, text: "after reload" });
    assert.equal(popups.length, 1, "no second popup");
  });

  it("full-page redirect: authorization_pending, the AS and back, finishAuth from localStorage, the call succeeds", async () => {
    await tab.evaluate(() => (window.__next = { mode: "redirect", message: "after the redirect" }));
    await Promise.all([tab.waitForURL((u) => u.pathname === "/app.html", { timeout: 30000 }), tab.click("#go")]);
    await tab.waitForFunction(() => window.__outcome, null, { timeout: 30000 });
    const outcome = await tab.evaluate(() => window.__outcome);
    assert.equal(outcome.pending?.reason, "authorization_pending", JSON.stringify(outcome));
    assert.ok(outcome.pending?.isAuthError);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(outcome.text, "after the redirect");
    assert.equal(new URL(tab.url()).search, "", "the page dropped the code from its URL");
    assert.equal(popups.length, 0);
    assert.deepEqual(servers.leaks(), []);
    assertNoTokenInBrowserUrls();
  });

  it(
    "full-page redirect with an asynchronous storage: the pending flow is saved before the page navigates away",
    // A navigation started in onAuthorize can unload the page at once: the pending record must already be in the
    // (slow, asynchronous) storage by then, or finishAuth would find nothing.
    async () => {
      await tab.evaluate(() => (window.__next = { mode: "redirect", message: "slow store", slowStorage: true }));
      await Promise.all([tab.waitForURL((u) => u.pathname === "/app.html", { timeout: 30000 }), tab.click("#go")]);
      await tab.waitForFunction(() => window.__outcome, null, { timeout: 30000 });
      const outcome = await tab.evaluate(() => window.__outcome);
      await tab.evaluate(() => sessionStorage.removeItem("slow-storage"));
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
      assert.equal(outcome.text, "slow store");
    },
  );

  it("a wrong state from the authorization server is AuthError state_mismatch in the page; localStorage unchanged", async () => {
    servers.set({ wrongState: true });
    await tab.evaluate(() => localStorage.setItem("app:unrelated", "kept"));
    const before = await localStorageOf();
    const outcome = await run({ message: "x" });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error.isAuthError, true, JSON.stringify(outcome));
    assert.equal(outcome.error.reason, "state_mismatch");
    assert.deepEqual(await localStorageOf(), before, "a failed flow stores nothing (not even the registered client)");
    assert.equal(servers.requests.filter((r) => r.path === "/token").length, 0, "no code redeemed");
  });

  it("openAuthorizationPopup alone: resolves with the callback URL the popup reached, then closes it", async () => {
    const outcome = await run({ mode: "popup-only", url: authorizeUrl() });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const callback = new URL(outcome.text);
    assert.equal(`${callback.origin}${callback.pathname}`, `${site.url}/oauth-callback.html`);
    assert.equal(callback.searchParams.get("state"), "state-of-this-flow-0123456789");
    assert.equal(callback.searchParams.get("iss"), servers.issuer);
    assert.match(callback.searchParams.get("code") ?? "", /^code-/);
    await popups[0].waitForEvent("close", { timeout: 5000 }).catch(() => {});
    assert.ok(popups[0].isClosed(), "the popup closed");
  });

  it("popup closed by the user before approving: AuthError popup_closed", async () => {
    servers.set({ consent: true });
    await tab.evaluate((url) => (window.__next = { mode: "popup-only", url }), authorizeUrl());
    const [popup] = await Promise.all([context.waitForEvent("page"), tab.click("#go")]);
    await popup.waitForSelector("#approve");
    await popup.close();
    await tab.waitForFunction(() => window.__outcome, null, { timeout: 10000 });
    const outcome = await tab.evaluate(() => window.__outcome);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error.reason, "popup_closed", JSON.stringify(outcome));
    assert.equal(outcome.error.isAuthError, true);
  });

  it("consent approved by a click in the popup: the callback comes back", async () => {
    servers.set({ consent: true });
    await tab.evaluate((url) => (window.__next = { mode: "popup-only", url }), authorizeUrl());
    const [popup] = await Promise.all([context.waitForEvent("page"), tab.click("#go")]);
    await popup.click("#approve");
    await tab.waitForFunction(() => window.__outcome, null, { timeout: 20000 });
    const outcome = await tab.evaluate(() => window.__outcome);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.match(outcome.text, /[?&]code=code-/);
  });

  it("a popup that never comes back: AuthError popup_timeout, and the helper closes it", async () => {
    servers.set({ consent: true });
    const outcome = await run({ mode: "popup-only", url: authorizeUrl(), timeoutMs: 1500 });
    assert.equal(outcome.error?.reason, "popup_timeout", JSON.stringify(outcome));
    assert.equal(outcome.error?.timeoutMs, 1500);
    assert.equal(popups.length, 1);
    await popups[0].waitForEvent("close", { timeout: 5000 }).catch(() => {});
    assert.ok(popups[0].isClosed(), "the popup was closed");
  });

  it("a blocked popup (window.open gives null): AuthError popup_blocked", async () => {
    await tab.evaluate(() => {
      window.__open = window.open;
      window.open = () => null;
    });
    try {
      const outcome = await run({ mode: "popup-only", url: authorizeUrl() });
      assert.equal(outcome.error?.reason, "popup_blocked", JSON.stringify(outcome));
      assert.equal(outcome.error?.isAuthError, true);
    } finally {
      await tab.evaluate(() => (window.open = window.__open));
    }
  });

  it("bad arguments: AuthError invalid_config naming the field", async () => {
    const seen = await tab.evaluate(async () => {
      const { openAuthorizationPopup } = await import("mistral-edge/oauth");
      const out = [];
      for (const [url, options] of [["javascript:alert(1)", {}], ["https://as.example/authorize", { redirectUri: "https://elsewhere.example/cb" }], ["https://as.example/authorize", { timeoutMs: -1 }]]) {
        try {
          await openAuthorizationPopup(url, options);
          out.push("resolved");
        } catch (e) {
          out.push(`${e.name} ${e.reason} ${e.field}`);
        }
      }
      return out;
    });
    assert.deepEqual(seen, ["AuthError invalid_config url", "AuthError invalid_config redirectUri", "AuthError invalid_config timeoutMs"]);
    assert.equal(popups.length, 0, "no popup for bad arguments");
  });

  it("reports from another window, or on the channel with another flow's state, are ignored", async () => {
    servers.set({ consent: true });
    await tab.evaluate((url) => (window.__next = { mode: "popup-only", url, timeoutMs: 4000 }), authorizeUrl());
    const [popup] = await Promise.all([context.waitForEvent("page"), tab.click("#go")]);
    await popup.waitForSelector("#approve");
    await tab.evaluate((origin) => {
      // From this window itself (not the popup), and on the channel with another flow's state.
      window.postMessage({ type: "mistral-edge:oauth-callback", url: `${origin}/oauth-callback.html?code=forged&state=forged` }, origin);
      const ch = new BroadcastChannel("mistral-edge-oauth");
      ch.postMessage({ type: "mistral-edge:oauth-callback", url: `${origin}/oauth-callback.html?code=forged&state=other-flow` });
      ch.close();
    }, site.url);
    await tab.waitForFunction(() => window.__outcome, null, { timeout: 10000 });
    const outcome = await tab.evaluate(() => window.__outcome);
    assert.equal(outcome.error?.reason, "popup_timeout", `the forged reports were not taken: ${JSON.stringify(outcome)}`);
  });

  it("a popup cut from its opener still reports over the BroadcastChannel with this flow's state", async () => {
    servers.set({ consent: true });
    const state = "state-for-the-channel-0123456789";
    await tab.evaluate((url) => (window.__next = { mode: "popup-only", url, timeoutMs: 10000 }), authorizeUrl(state));
    const [popup] = await Promise.all([context.waitForEvent("page"), tab.click("#go")]);
    await popup.waitForSelector("#approve");
    // What a Cross-Origin-Opener-Policy on the authorization server does: the popup loses its opener.
    await popup.evaluate(() => (window.opener = null));
    await popup.click("#approve");
    await tab.waitForFunction(() => window.__outcome, null, { timeout: 10000 });
    const outcome = await tab.evaluate(() => window.__outcome);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(new URL(outcome.text).searchParams.get("state"), state);
  });

  it("localStorageAuthStorage: keys after the prefix, clear() removes McpClient's records only", async () => {
    const seen = await tab.evaluate(async () => {
      const { localStorageAuthStorage } = await import("mistral-edge/oauth");
      localStorage.setItem("app:setting", "mine");
      const plain = localStorageAuthStorage();
      const user = localStorageAuthStorage({ prefix: "user-7:" });
      plain.set("mistral-edge:oauth:v1:a", "1");
      user.set("mistral-edge:oauth:v1:a", "2");
      user.set("other", "3");
      const read = [plain.get("mistral-edge:oauth:v1:a"), user.get("mistral-edge:oauth:v1:a"), plain.get("missing")];
      user.clear();
      const afterUserClear = Object.keys(localStorage).sort();
      plain.delete("mistral-edge:oauth:v1:a");
      let refused;
      try {
        plain.set("k", 42);
      } catch (e) {
        refused = `${e.name} ${e.reason} ${e.field}`;
      }
      const sessionOne = localStorageAuthStorage({ storage: sessionStorage });
      sessionOne.set("s", "v");
      return { read, afterUserClear, left: Object.keys(localStorage).sort(), refused, session: sessionStorage.getItem("s") };
    });
    assert.deepEqual(seen.read, ["1", "2", null]);
    assert.deepEqual(seen.afterUserClear, ["app:setting", "mistral-edge:oauth:v1:a", "user-7:other"], "clear() took only user-7's McpClient record");
    assert.deepEqual(seen.left, ["app:setting", "user-7:other"]);
    assert.equal(seen.refused, "AuthError invalid_config value");
    assert.equal(seen.session, "v");
  });

  it("oauth-callback.html opened on its own says so and drops the code from its URL", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${site.url}/oauth-callback.html?code=not-for-anyone&state=s`);
      await page.waitForFunction(() => !document.getElementById("status").textContent.startsWith("Finishing"));
      assert.match(await page.textContent("#status"), /not opened that way/);
      assert.equal(new URL(page.url()).search, "");
    } finally {
      await page.close();
    }
  });
});
