// The demo as a user meets it: this starts what `make demo` starts (scripts/demo.mjs, under Node 22, on free
// ports), drives the page in headless Chromium (off the network, see e2e/chromium.node.mjs) through every panel and
// every bad input the demo promises to survive, saves desktop and phone screenshots under test-output/demo/, and
// checks that SIGTERM leaves no process and no port behind. Needs `make package`.
//
// run: node --test tests/js/demo.test.mjs

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { NODE22, REPO, closedURL } from "./e2e/setup.mjs";
import { launchChromium } from "./e2e/chromium.node.mjs";
import { STORY } from "../support/mock/demo-persona.mjs";

const SHOTS = join(REPO, "test-output", "demo");
const WAIT = { timeout: 20000 };

/** Starts scripts/demo.mjs; resolves to its DEMO_READY facts and the child. */
async function startDemo() {
  const env = { ...process.env };
  delete env.MISTRAL_API_KEY;
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(NODE22, [join(REPO, "scripts/demo.mjs"), "--port", "0", "--json"], { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stderr.on("data", (d) => (out = (out + d).slice(-20000)));
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start within 60 s\n${out}`)), 60000);
    lines.on("line", (line) => {
      out = (out + line + "\n").slice(-20000);
      if (line.startsWith("DEMO_READY ")) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice("DEMO_READY ".length)));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before it was ready\n${out}`));
    });
  });
  return { ready, child, log: () => out };
}

/** Every process below `pid` (read from /proc). */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function refused(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("the demo: make demo's servers, the page in headless Chromium", () => {
  let demo;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    demo = await startDemo();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // Failed requests are logged by Chromium itself; the bad-input tests make some on purpose.
      if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) problems.push(`console.error: ${m.text()}`);
    });
    await page.goto(`${demo.ready.url}/`);
    await page.waitForSelector("body[data-ready=true]", WAIT);
  });

  after(async () => {
    await browser?.close();
    if (demo && demo.child.exitCode === null) demo.child.kill("SIGKILL");
  });

  /** Sends a chat message and waits for its run to end (the Send button comes back). */
  async function chat(text) {
    await page.fill("#chat-input", text);
    await page.click("#send");
    await page.waitForFunction(() => !document.querySelector("#send").disabled && !document.querySelector(".bubble.streaming"), null, WAIT);
    return page.locator(".bubble.assistant").last();
  }

  it("serves the page and the package from the Worker, with the mock as its upstream", async () => {
    assert.equal(demo.ready.upstream, "mock");
    assert.equal(await page.getAttribute("#upstream", "data-upstream"), "mock");
    const info = await (await fetch(`${demo.ready.url}/api/info`)).json();
    assert.deepEqual(info.mcp, { url: demo.ready.mcpURL, token: demo.ready.mcpToken });
    assert.equal((await fetch(`${demo.ready.url}/worker/wrangler.toml`)).status, 404, "the Worker's own files are not assets");
    // The Worker holds the key: a call from outside with none goes through, the mock refuses any other key.
    const direct = await fetch(`${demo.ready.mockURL}/v1/models`, { headers: { authorization: "Bearer guess" } });
    assert.equal(direct.status, 401);
    assert.equal((await fetch(`${demo.ready.url}/v1/models`)).status, 200);
  });

  it("creates an agent, which becomes the chat's target", async () => {
    await page.click("#agent-create summary");
    await page.fill('#agent-form [name="name"]', "Weather helper");
    await page.click('#agent-form button[type="submit"]');
    await page.waitForSelector('#agent-list button[aria-pressed="true"][data-agent-id^="ag_"]', WAIT);
    assert.match(await page.textContent("#chat-target"), /agent Weather helper \(v0\)/);
    await page.waitForSelector('#agent-versions li.current[data-version="0"]', WAIT);
  });

  it("sends a message and sees the answer stream in, token by token", async () => {
    // Record the answer's length at every change of the transcript.
    await page.evaluate(() => {
      window.__lengths = [];
      new MutationObserver(() => {
        const last = [...document.querySelectorAll(".bubble.assistant .text")].at(-1);
        if (last) window.__lengths.push(last.textContent.length);
      }).observe(document.querySelector("#transcript"), { subtree: true, childList: true, characterData: true });
    });
    const answer = await chat("What's the weather in Paris?");
    const text = await answer.locator(".text").textContent();
    assert.match(text, /get_weather says city: Paris, temperature c: -?\d+, conditions: [a-z ]+/);
    const lengths = [...new Set(await page.evaluate(() => window.__lengths))].filter((n) => n > 0);
    assert.ok(lengths.length >= 5, `the answer grew in ${lengths.length} steps: ${lengths}`);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b), "it only grew");
    assert.match(await page.textContent("#chat-target"), /continuing conv_/);
  });

  it("shows the local function call in the timeline, with its arguments, its result and the tokens", async () => {
    const call = page.locator('#timeline .turn').first().locator('[data-step="local"][data-tool="get_weather"]');
    assert.deepEqual(JSON.parse(await call.locator("pre.args").textContent()), { city: "Paris" });
    const result = JSON.parse(await call.locator("pre.result").textContent());
    assert.equal(result.city, "Paris");
    assert.equal(result.source, "demo data");
    assert.match(await page.locator("#timeline .turn").first().textContent(), /Tokens.*total \d+.*Run done2 model turns/s);
    // The agent got a version carrying the run's tools, pinned for this conversation; v0 stays current.
    await page.waitForSelector('#agent-versions li[data-version="1"]', WAIT);
    assert.equal(await page.getAttribute("#agent-versions li.current", "data-version"), "0");
  });

  it("cancels a stream mid-answer; the page keeps working", async () => {
    await page.fill("#chat-input", "Tell me a long story");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelector(".bubble.streaming .text")?.textContent.length > 60, null, WAIT);
    await page.click("#cancel");
    await page.waitForSelector(".bubble.assistant.cancelled", WAIT);
    const cut = await page.locator(".bubble.assistant.cancelled .text").last().textContent();
    await page.waitForTimeout(400);
    assert.equal(await page.locator(".bubble.assistant.cancelled .text").last().textContent(), cut, "nothing arrives after the cancel");
    assert.ok(cut.length < STORY.length && STORY.startsWith(cut), `the story was cut (${cut.length} of ${STORY.length} characters)`);
    assert.match(await page.locator("#timeline .turn").first().textContent(), /Cancelled/);
    const again = await chat("hello again");
    assert.match(await again.locator(".text").textContent(), /^You said: “hello again”/);
  });

  it("shows a built-in tool run (the agent's web_search) in the timeline", async () => {
    const answer = await chat("search the latest news about Mistral");
    assert.match(await answer.locator(".text").textContent(), /I searched the web/);
    const run = page.locator("#timeline .turn").first().locator('[data-step="builtin"]');
    assert.match(await run.textContent(), /Built-in tool web_search.*ran on the server.*done/s);
  });

  it("restarts the conversation from an earlier entry: a new branch with the history up to it", async () => {
    const original = (await page.textContent("#chat-target")).replace("continuing ", "");
    await page.locator('#history li[data-type="message.output"] button.restart').first().click();
    await page.waitForSelector("#branch-banner:not([hidden])", WAIT);
    assert.equal(await page.locator(".bubble").count(), 3, "the transcript shows the branch up to the entry (input, call, answer)");
    await chat("Thanks! Now say hello");
    const branched = (await page.textContent("#chat-target")).replace("continuing ", "");
    assert.notEqual(branched, original, "a restart is a new conversation");
    await page.waitForFunction(() => document.querySelectorAll("#history li[data-entry-id]").length === 6, null, WAIT);
    const types = await page.locator("#history li[data-entry-id]").evaluateAll((els) => els.map((e) => e.dataset.type));
    assert.deepEqual(types, ["message.input", "function.call", "function.result", "message.output", "message.input", "message.output"]);
    assert.equal(await page.locator("#branches li").count(), 2);
    assert.match(await page.textContent("#branches"), /restarted from/);
  });

  it("connects the local MCP server with its token, shows the era, lists its tools and calls one", async () => {
    assert.equal(await page.inputValue("#mcp-url"), demo.ready.mcpURL, "prefilled");
    assert.equal(await page.inputValue("#mcp-auth"), "bearer");
    await page.click('#mcp-form button[type="submit"]');
    const server = page.locator("#mcp-servers > li").first();
    await server.waitFor(WAIT);
    assert.equal(await server.getAttribute("data-era"), "streamable");
    assert.match(await server.locator('[data-fact="protocol"]').textContent(), /protocol 2025-\d\d-\d\d/);
    const tools = await server.locator(".tools > li").evaluateAll((els) => els.map((e) => e.dataset.tool));
    for (const name of ["echo", "get-sum"]) assert.ok(tools.includes(name), `${name} in ${tools}`);
    const sum = server.locator('.tools > li[data-tool="get-sum"]');
    await sum.locator("summary").click();
    await sum.locator("button").click();
    await sum.locator(".tool-result").waitFor(WAIT);
    assert.match(await sum.locator(".tool-result").textContent(), /\b5\b/, "get-sum of the example arguments 2 and 3");
  });

  it("connects the OAuth-protected MCP server: the sign-in runs in a popup, then its tools are listed", async () => {
    await page.fill("#mcp-url", demo.ready.oauthMcpURL);
    await page.selectOption("#mcp-auth", "oauth");
    assert.equal(await page.isHidden("#mcp-token-label"), true, "no token field for OAuth");
    const [popup] = await Promise.all([page.context().waitForEvent("page", WAIT), page.click('#mcp-form button[type="submit"]')]);
    const server = page.locator(`#mcp-servers > li[data-url="${demo.ready.oauthMcpURL}"]`);
    await server.waitFor(WAIT);
    await popup.waitForEvent("close", WAIT).catch(() => {});
    assert.ok(popup.isClosed(), "the popup closed itself after the callback");
    assert.equal(await server.getAttribute("data-era"), "stateless");
    const tools = await server.locator(".tools > li").evaluateAll((els) => els.map((e) => e.dataset.tool));
    assert.ok(tools.includes("echo"), `echo in ${tools}`);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("mistral-edge:oauth:")));
    assert.ok(stored.length > 0, "the credentials are kept in localStorage");
    await server.locator("button.ghost").click();
    await page.fill("#mcp-url", demo.ready.mcpURL);
    await page.selectOption("#mcp-auth", "bearer");
  });

  it("uses an MCP tool in a new chat: the timeline shows the MCP call and its result", async () => {
    await page.click("#new-chat");
    const answer = await chat("please add 2 and 3");
    assert.match(await answer.textContent(), /get-sum says .*5/);
    const call = page.locator("#timeline .turn").first().locator('[data-step="mcp"][data-tool="get-sum"]');
    assert.deepEqual(JSON.parse(await call.locator("pre.args").textContent()), { a: 2, b: 3 });
    assert.match(await call.locator("pre.result").textContent(), /5/);
  });

  it("saves screenshots at desktop and phone width", async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, "desktop.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "phone.png"), fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling at phone width (${width} px)`);
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it("structured output: a malformed schema is refused inline before sending; a valid one gets JSON", async () => {
    await page.check("#structured");
    const bubbles = await page.locator(".bubble").count();
    await page.fill("#schema", '{ "type": "object", "properties": { "city": { "type": "string" } ');
    assert.match(await page.textContent("#schema-status"), /^JSON: .* at line 1, column \d+/);
    await page.fill("#chat-input", "weather report for Oslo");
    await page.click("#send");
    assert.match(await page.textContent("#schema-status"), /\(not sent\)$/);
    assert.equal(await page.locator(".bubble").count(), bubbles, "nothing was sent");
    await page.fill("#schema", '{ "type": "object", "properties": { "city": { "type": "strin" } } }');
    assert.match(await page.textContent("#schema-status"), /^schema: properties\.city\.type: "strin" is not one of/);
    await page.fill("#schema", JSON.stringify({ type: "object", properties: { city: { type: "string" }, temperature_c: { type: "number" } }, required: ["city", "temperature_c"] }));
    assert.match(await page.textContent("#schema-status"), /valid schema/);
    await page.click("#new-chat");
    const answer = await chat("weather report for Oslo");
    const output = JSON.parse(await answer.locator("pre.structured").textContent());
    assert.equal(output.city, "Oslo");
    assert.equal(typeof output.temperature_c, "number", "filled from get_weather's result");
    await page.uncheck("#structured");
  });

  it("bad input: a wrong API key shows the 401 as an ApiError with its fields; the Worker's key works again", async () => {
    await page.click("#key-settings summary");
    await page.check('input[name="key-mode"][value="own"]');
    await page.fill("#own-key", "sk-wrong-key");
    const answer = await chat("hello");
    const error = answer.locator('.error[data-error-name="ApiError"]');
    await error.waitFor(WAIT);
    assert.equal(await error.locator('dd[data-field="status"]').textContent(), "401");
    assert.match(await error.locator('dd[data-field="requestId"]').textContent(), /^[0-9a-f]{32}$/);
    assert.match(await error.textContent(), /refused the key/);
    assert.doesNotMatch(await page.textContent("body"), /sk-wrong-key/, "the key is never shown");
    await page.check('input[name="key-mode"][value="worker"]');
    await page.click("#key-settings summary");
    assert.match(await (await chat("hello")).locator(".text").textContent(), /^You said/);
  });

  it("bad input: an unreachable MCP server shows a readable error", async () => {
    const url = `${await closedURL()}/mcp`;
    await page.fill("#mcp-url", url);
    await page.click('#mcp-form button[type="submit"]');
    const error = page.locator("#mcp-error .error");
    await error.waitFor(WAIT);
    assert.match(await error.getAttribute("data-error-name"), /^(ConnectionError|McpError)$/);
    assert.match(await error.textContent(), new RegExp(`Connecting to ${url.replace(/[.:/]/g, "\\$&")}`));
    assert.equal(await page.locator("#mcp-servers > li").count(), 1, "the connected server stays");
    // A wrong token for the real server: the gate's 401 comes back as a typed error too.
    await page.fill("#mcp-url", demo.ready.mcpURL);
    await page.fill("#mcp-token", "not-the-token");
    const before = await error.textContent();
    await page.click('#mcp-form button[type="submit"]');
    // The box is cleared when the connection starts: wait for the next error, not for the blank.
    await page.waitForFunction((text) => {
      const now = document.querySelector("#mcp-error .error")?.textContent;
      return now !== undefined && now !== text;
    }, before, WAIT);
    assert.match(await page.textContent("#mcp-error"), /401|auth|Unauthorized|invalid_token/i);
    await page.fill("#mcp-token", demo.ready.mcpToken);
  });

  it("bad input: the upstream dropping mid-stream shows the error, keeps what arrived, and the next message works", async () => {
    await page.check("#drop-stream");
    const answer = await chat("Tell me a long story");
    const error = answer.locator(".error");
    await error.waitFor(WAIT);
    // workerd ends its response cleanly when the upstream resets, so the SDK sees a stream without its end.
    assert.match(await error.getAttribute("data-error-name"), /^(StreamError|ConnectionError)$/);
    assert.ok((await answer.locator(".text").textContent()).length > 0, "the tokens before the drop are kept");
    assert.equal(await page.isChecked("#drop-stream"), false, "the fault was for one stream");
    assert.match(await (await chat("hello once more")).locator(".text").textContent(), /^You said/);
  });

  it("the SDK inside the Worker runs an agent with its local function and streams the events", async () => {
    await page.click('#worker-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#worker-events li[data-type="run.done"]'), null, WAIT);
    assert.match(await page.textContent("#worker-answer"), /get_weather says city: Lisbon/);
    assert.match(await page.textContent("#worker-events"), /function\.result \{"city":"Lisbon"/);
  });

  it("after the bad inputs: screenshots with their errors, still no horizontal scrolling, no page error", async () => {
    await page.screenshot({ path: join(SHOTS, "desktop-errors.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, "phone-errors.png"), fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling at phone width (${width} px)`);
    assert.deepEqual(problems, [], "no page errors");
  });

  it("SIGTERM stops every process the demo started and frees every port", { timeout: 30000 }, async () => {
    const pids = descendants(demo.child.pid);
    assert.ok(pids.length >= 2, `server-everything and workerd run below the demo (${pids})`);
    for (const pid of demo.ready.children) assert.ok(pids.includes(pid));
    const exited = once(demo.child, "exit");
    demo.child.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0, demo.log());
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pids.filter(alive), [], "no process left");
    for (const url of [demo.ready.url, demo.ready.mockURL, demo.ready.mcpURL, demo.ready.mcpDirectURL]) assert.ok(await refused(url), `${url} is closed`);
  });

  it("a demo killed outright (SIGKILL) leaves no process behind either: its children watch it", { timeout: 90000 }, async () => {
    const second = await startDemo();
    const pids = descendants(second.child.pid);
    assert.ok(pids.length >= 3, `server-everything, workerd and its reaper (${pids})`);
    const exited = once(second.child, "exit");
    second.child.kill("SIGKILL");
    await exited;
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pids.filter(alive), [], "no orphan");
    assert.ok(await refused(second.ready.url), "the Worker's port is closed");
  });
});
