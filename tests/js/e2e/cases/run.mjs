// The run loop (`client.run`, `client.runStream`) against the mock's
// scripted model: every turn the model plays is queued under a key of the
// case's own (`x-mock-script`), with fixed tool_call_ids, so entries and
// results are compared exactly. After each run the mock's protocol ledger
// (`/_mock/stats` -> functionResults.violations) must be empty for the
// conversation: no result sent twice, none missing, none for an unknown call.
// The MCP side of the run (server-everything's tools next to local ones) is
// in ../../mcp/cases/run.mjs, where the MCP servers are.

const MODEL = "mistral-small-latest";

let seq = 0;

/** A script key no other case (or runtime) shares. */
function scriptKey(runtime, label) {
  return `run-${runtime}-${label}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A `fetch` for the client that records the JSON body of every request to
 * the conversations API (`{ method, path, body }`), then forwards it.
 */
function spyFetch() {
  const requests = [];
  async function spy(input, init = {}) {
    const req = input instanceof Request ? input : undefined;
    const url = new URL(req ? req.url : String(input));
    let text = typeof init.body === "string" ? init.body : undefined;
    if (text === undefined && init.body instanceof Uint8Array) text = new TextDecoder().decode(init.body);
    if (text === undefined && req && !init.body) text = await req.clone().text();
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    requests.push({ method: (init.method ?? req?.method ?? "GET").toUpperCase(), path: url.pathname, body });
    return fetch(input, init);
  }
  return { fetch: spy, requests, conversationBodies: () => requests.filter((r) => r.path.startsWith("/v1/conversations")).map((r) => r.body) };
}

/** Queues `turns` under a fresh key; a client that plays them and a spy on what it sends. */
async function scripted(ctx, label, turns, headers = {}) {
  const key = scriptKey(ctx.runtime, label);
  const answer = await ctx.script(key, turns);
  ctx.assert.equal(answer.queued, turns.length, "the mock queued the script");
  const spy = spyFetch();
  const client = ctx.client({ headers: { ...headers, "x-mock-script": key }, fetch: spy.fetch });
  return { key, client, spy };
}

/** The mock's protocol violations for one conversation. */
async function violationsOf(ctx, conversationId) {
  const stats = await ctx.mock.stats();
  return stats.functionResults.violations.filter((v) => v.conversation_id === conversationId);
}

async function assertConsistent(ctx, conversationId, what = "the run") {
  ctx.assert.ok(typeof conversationId === "string" && conversationId, `${what} names its conversation`);
  ctx.assert.deepEqual(await violationsOf(ctx, conversationId), [], `${what}: the mock saw no function-result violation`);
}

/** Turns queued under `key` that no model turn has played yet. */
async function queued(ctx, key) {
  return (await ctx.mock.stats()).scripts[key] ?? 0;
}

const call = (name, tool_call_id, args = {}) => ({ type: "function.call", name, tool_call_id, arguments: args });
const say = (text) => ({ type: "message", text });

/** What two runs' entries must agree on (ids and timestamps of entries are the server's). */
function shape(entries, textOf) {
  return entries.map((e) => {
    const s = { type: e.type };
    if (e.tool_call_id !== undefined) s.tool_call_id = e.tool_call_id;
    if (e.name !== undefined) s.name = e.name;
    if (e.arguments !== undefined) s.arguments = typeof e.arguments === "string" ? e.arguments : JSON.stringify(e.arguments);
    if (e.result !== undefined) s.result = e.result;
    if (e.content !== undefined) s.content = textOf(e.content);
    return s;
  });
}

const results = (entries) => entries.filter((e) => e.type === "function.result").map((e) => [e.tool_call_id, e.result]);

/** A local function tool. */
function fn(name, execute, parameters = { type: "object", properties: {} }, extra = {}) {
  return { type: "function", function: { name, description: `${name} (e2e)`, parameters }, execute, ...extra };
}

const NUMBERS = { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] };

/**
 * `add` and `mul` that sleep `delays[tool_call_id]` ms and count how many
 * calls run at once (`maxActive`): a counter, not the clock, since workerd's
 * clock only moves on I/O.
 */
function arithmetic(sleep, delays) {
  const state = { active: 0, maxActive: 0, log: [] };
  const body = (op) => async (args, ctx) => {
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    state.log.push(`start ${ctx.toolCallId}`);
    await sleep(delays[ctx.toolCallId] ?? 10);
    state.log.push(`end ${ctx.toolCallId}`);
    state.active--;
    return String(op(args.a, args.b));
  };
  return { state, tools: [fn("add", body((a, b) => a + b), NUMBERS), fn("mul", body((a, b) => a * b), NUMBERS)] };
}

const THREE_TURNS = () => [
  {
    outputs: [call("add", "c1", { a: 1, b: 2 }), call("mul", "c2", { a: 3, b: 4 }), call("add", "c3", { a: 5, b: 6 })],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  },
  { outputs: [call("mul", "c4", { a: 2, b: 21 }), call("add", "c5", { a: 40, b: 2 })], usage: { prompt_tokens: 20, completion_tokens: 7, total_tokens: 27 } },
  { outputs: [say("The answers are 3, 12, 11, 42 and 42.")], usage: { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 } },
];
// c1 is the slowest call of its turn: its result still comes first.
const THREE_TURN_DELAYS = { c1: 150, c2: 60, c3: 10, c4: 80, c5: 10 };
const THREE_TURN_RESULTS = [["c1", "3"], ["c2", "12"], ["c3", "11"], ["c4", "42"], ["c5", "42"]];

export const runCases = [
  {
    name: "run: conversation_id continues a conversation: an append, its tools still run, start-only members refused",
    async run(ctx) {
      const { assert, lib } = ctx;
      const { client } = await scripted(ctx, "continue", [
        { outputs: [say("first answer")] },
        { outputs: [call("add", "k1", { a: 20, b: 22 })] },
        { outputs: [say("42 it is")] },
      ]);
      const { tools } = arithmetic(ctx.sleep, {});
      const first = await client.run({ model: MODEL, inputs: "hello", tools });
      const second = await client.run({ conversation_id: first.conversation_id, inputs: "add 20 and 22", tools });
      assert.equal(second.conversation_id, first.conversation_id, "the same conversation");
      assert.equal(second.output_text, "42 it is");
      assert.deepEqual(results(second.entries), [["k1", "42"]], "the conversation's tool ran in the continued run");
      assert.deepEqual(second.entries.map((e) => e.type), ["message.input", "function.call", "function.result", "message.output"], "entries of this run only");
      const history = await client.conversations.history(first.conversation_id);
      assert.deepEqual(history.entries.map((e) => e.type), ["message.input", "message.output", "message.input", "function.call", "function.result", "message.output"]);
      await assertConsistent(ctx, first.conversation_id);
      const refused = await assert.rejects(() => client.run({ conversation_id: first.conversation_id, model: MODEL, inputs: "x" }), lib.ValidationError);
      assert.equal(refused.field, "model", "the member a continued conversation cannot take is named");
      const typed = await assert.rejects(() => client.run({ conversation_id: 7, inputs: "x" }), lib.ValidationError);
      assert.equal(typed.field, "conversation_id");
    },
  },
  {
    name: "run: three turns of parallel calls, results in call order, usage summed, entries in order",
    async run(ctx) {
      const { assert, sleep, textOf } = ctx;
      const { client } = await scripted(ctx, "parallel", THREE_TURNS());
      const { state, tools } = arithmetic(sleep, THREE_TURN_DELAYS);
      const result = await client.run({ model: MODEL, inputs: "compute please", tools });
      assert.equal(state.maxActive, 3, "the three calls of turn 1 ran at the same time (maxConcurrency 4)");
      assert.equal(result.turns, 3);
      assert.equal(result.output_text, "The answers are 3, 12, 11, 42 and 42.");
      assert.deepEqual(result.usage, { prompt_tokens: 60, completion_tokens: 21, total_tokens: 81 }, "usage is summed over the turns");
      assert.deepEqual(
        result.entries.map((e) => `${e.type}${e.tool_call_id ? ` ${e.tool_call_id}` : ""}`),
        ["message.input", "function.call c1", "function.call c2", "function.call c3", "function.result c1", "function.result c2", "function.result c3", "function.call c4", "function.call c5", "function.result c4", "function.result c5", "message.output"],
        "entries: the input, each turn's outputs, then its results",
      );
      assert.deepEqual(results(result.entries), THREE_TURN_RESULTS, "results in call order, whatever order the calls ended in");
      assert.equal(state.log.indexOf("end c1") > state.log.indexOf("end c3"), true, `c1 really ended after c3: ${state.log}`);
      assert.deepEqual(result.tool_names, [
        { name: "add", original: "add", source: { kind: "local" } },
        { name: "mul", original: "mul", source: { kind: "local" } },
      ]);
      const history = await client.conversations.history(result.conversation_id);
      assert.deepEqual(results(history.entries), THREE_TURN_RESULTS, "the server got each result once, in order");
      assert.deepEqual(shape(history.entries, textOf), shape(result.entries, textOf), "the run's entries are the conversation's");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: maxConcurrency 1 runs the calls of a turn one at a time",
    async run(ctx) {
      const { assert, sleep } = ctx;
      const { client } = await scripted(ctx, "serial", THREE_TURNS());
      const { state, tools } = arithmetic(sleep, THREE_TURN_DELAYS);
      const result = await client.run({ model: MODEL, inputs: "compute please", tools, maxConcurrency: 1 });
      assert.equal(state.maxActive, 1, "never two calls at once");
      assert.deepEqual(state.log, ["start c1", "end c1", "start c2", "end c2", "start c3", "end c3", "start c4", "end c4", "start c5", "end c5"]);
      assert.deepEqual(results(result.entries), THREE_TURN_RESULTS);
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: a tool that throws fails the run with RunError 'tool_failed' carrying the partial result",
    async run(ctx) {
      const { assert, lib, apiKey } = ctx;
      const { client, key } = await scripted(ctx, "throws", [
        { outputs: [call("ok_tool", "t1"), call("boom", "t2", { why: "disk" })] },
        { outputs: [say("never reached")] },
      ]);
      const tools = [fn("ok_tool", () => "fine"), fn("boom", (args) => {
        throw new Error(`exploded on ${args.why}`);
      })];
      const error = await assert.rejects(() => client.run({ model: MODEL, inputs: "go", tools }), lib.RunError);
      assert.equal(error.name, "RunError");
      assert.ok(error instanceof lib.MistralError, "a MistralError");
      assert.equal(error.reason, "tool_failed");
      assert.equal(error.tool, "boom");
      assert.equal(error.tool_call_id, "t2");
      assert.match(error.message, /exploded on disk/, "the tool's message is in the error");
      assert.excludes(String(error) + error.message + JSON.stringify(error.partial), apiKey, "no API key in the error");
      assert.equal(error.partial.turns, 1);
      assert.deepEqual(error.partial.entries.map((e) => e.type), ["message.input", "function.call", "function.call"], "partial: the input and the turn's calls");
      assert.equal(await queued(ctx, key), 1, "the run sent nothing after the failure");
      await assertConsistent(ctx, error.partial.conversation_id);
    },
  },
  {
    name: "run: with continueOnToolError the model gets 'error: ...' for a throwing tool and the run finishes",
    async run(ctx) {
      const { assert } = ctx;
      const { client } = await scripted(ctx, "throws-continue", [
        { outputs: [call("ok_tool", "t1"), call("boom", "t2", { why: "disk" })] },
        { outputs: [say("recovered")] },
      ]);
      const tools = [fn("ok_tool", () => "fine"), fn("boom", (args) => {
        throw new Error(`exploded on ${args.why}`);
      })];
      const result = await client.run({ model: MODEL, inputs: "go", tools, continueOnToolError: true });
      assert.equal(result.output_text, "recovered");
      const r = results(result.entries);
      assert.deepEqual(r[0], ["t1", "fine"]);
      assert.equal(r[1][0], "t2");
      assert.match(r[1][1], /^error: .*exploded on disk/, "the error text went to the model");
      const history = await client.conversations.history(result.conversation_id);
      assert.deepEqual(results(history.entries), r, "the server got the same results");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: a call to an unknown tool is answered with an error result and the run finishes",
    async run(ctx) {
      const { assert } = ctx;
      let called = 0;
      const { client } = await scripted(ctx, "unknown", [
        { outputs: [call("no_such_tool", "u1", { x: 1 }), call("known", "u2")] },
        { outputs: [say("done anyway")] },
      ]);
      const result = await client.run({ model: MODEL, inputs: "go", tools: [fn("known", () => (++called, "known ran"))] });
      assert.equal(result.output_text, "done anyway");
      const r = results(result.entries);
      assert.deepEqual(r.map(([id]) => id), ["u1", "u2"], "every call answered once, in order");
      assert.match(r[0][1], /^error: .*no_such_tool/, "the error names the unknown tool");
      assert.equal(r[1][1], "known ran");
      assert.equal(called, 1);
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: invalid JSON and schema-breaking arguments get error results; the tool is never called",
    async run(ctx) {
      const { assert } = ctx;
      let called = 0;
      const { client } = await scripted(ctx, "bad-args", [
        {
          outputs: [
            call("add", "a1", '{"a": 1, "b": '),
            call("add", "a2", { a: "one", b: 2 }),
            call("add", "a3", { a: 1 }),
            call("add", "a4", "[1, 2]"),
          ],
        },
        { outputs: [say("I will fix my arguments")] },
      ]);
      const add = fn("add", (args) => (++called, String(args.a + args.b)), NUMBERS);
      const result = await client.run({ model: MODEL, inputs: "add", tools: [add] });
      assert.equal(called, 0, "the tool never ran");
      assert.equal(result.output_text, "I will fix my arguments");
      const r = Object.fromEntries(results(result.entries));
      assert.deepEqual(Object.keys(r), ["a1", "a2", "a3", "a4"]);
      assert.match(r.a1, /^error: .*`add`.*not valid JSON/, "invalid JSON is named");
      assert.match(r.a2, /^error: .*`add`.*schema/, "a schema break is named");
      assert.match(r.a2, /\/a\b|"a"|\ba\b.*integer|integer/, "the bad field or the expected type is named");
      assert.match(r.a3, /^error: .*schema.*\bb\b/, "a missing required argument is named");
      assert.match(r.a4, /^error: .*not an object/, "JSON that is not an object is named");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: maxTurns 2 with a model that keeps calling fails with RunError 'max_turns'",
    async run(ctx) {
      const { assert, lib } = ctx;
      let called = 0;
      const { client, key } = await scripted(ctx, "max-turns", [
        { outputs: [call("again", "m1")] },
        { outputs: [call("again", "m2")] },
        { outputs: [call("again", "m3")] },
      ]);
      const error = await assert.rejects(
        () => client.run({ model: MODEL, inputs: "loop", tools: [fn("again", () => (++called, "more"))], maxTurns: 2 }),
        lib.RunError,
      );
      assert.equal(error.reason, "max_turns");
      assert.equal(error.max_turns, 2);
      assert.equal(error.partial.turns, 2);
      assert.deepEqual(results(error.partial.entries), [["m1", "more"]], "turn 1's call was answered; turn 2's was not run");
      assert.equal(called, 1);
      assert.equal(await queued(ctx, key), 1, "no third model turn was asked for");
      await assertConsistent(ctx, error.partial.conversation_id);
    },
  },
  {
    name: "runStream: a stream that ends cleanly before conversation.response.done is a StreamError, its events delivered",
    async run(ctx) {
      const { assert, lib } = ctx;
      // What a proxy that hides an upstream reset sends: whole events, then a clean end.
      const frames = [
        { type: "conversation.response.started", conversation_id: "conv_cut" },
        { type: "message.output.delta", output_index: 0, id: "msg_cut", content_index: 0, role: "assistant", content: "Once upon" },
      ].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      const cut = async () => new Response(frames.join(""), { status: 200, headers: { "content-type": "text/event-stream" } });
      const client = ctx.client({ fetch: cut, retry: false });
      const seen = [];
      const error = await assert.rejects(async () => {
        for await (const event of await client.runStream({ model: MODEL, inputs: "a story", tools: [] })) seen.push(event.type);
      }, lib.StreamError);
      assert.equal(error.name, "StreamError");
      assert.match(error.message, /conversation\.response\.done/);
      assert.deepEqual(seen, ["conversation.response.started", "message.output.delta"], "what arrived was delivered first");
    },
  },
  {
    name: "run: aborting mid-turn rejects with AbortError at once and fires the tool's signal",
    async run(ctx) {
      const { assert, lib, sleep } = ctx;
      const { client, key } = await scripted(ctx, "abort", [{ outputs: [call("slow", "s1")] }, { outputs: [say("never")] }]);
      const controller = new AbortController();
      let toolSignal;
      let started;
      const running = new Promise((resolve) => {
        started = resolve;
      });
      const slow = fn("slow", (_args, tctx) => {
        toolSignal = tctx.signal;
        started();
        return new Promise((resolve) => setTimeout(() => resolve("too late"), 10000));
      });
      const run = client.run({ model: MODEL, inputs: "go", tools: [slow], signal: controller.signal });
      await running;
      await sleep(50);
      const t0 = Date.now();
      controller.abort();
      await assert.rejects(run, lib.AbortError);
      // workerd's clock moves on I/O only, so it can read 0 here: the bound is what matters.
      assert.ok(Date.now() - t0 < 2000, `rejected ${Date.now() - t0} ms after the abort`);
      assert.ok(toolSignal?.aborted, "the tool's ctx.signal fired");
      await sleep(100);
      assert.equal(await queued(ctx, key), 1, "nothing was sent after the abort");
    },
  },
  {
    name: "run: a tool that never returns times out (toolTimeoutMs) into an error result; the run goes on",
    async run(ctx) {
      const { assert } = ctx;
      const { client } = await scripted(ctx, "timeout", [{ outputs: [call("hang", "h1"), call("quick", "h2")] }, { outputs: [say("moved on")] }]);
      let signal;
      const hang = fn("hang", (_a, tctx) => {
        signal = tctx.signal;
        return new Promise(() => {});
      });
      const result = await client.run({ model: MODEL, inputs: "go", tools: [hang, fn("quick", () => "q")], toolTimeoutMs: 150, continueOnToolError: true });
      assert.equal(result.output_text, "moved on");
      const r = results(result.entries);
      assert.equal(r[0][0], "h1");
      assert.match(r[0][1], /^error: .*did not answer within 150 ms/);
      assert.deepEqual(r[1], ["h2", "q"]);
      assert.ok(signal?.aborted, "the hung tool's signal fired at the timeout");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: tool return values: string as is, object as JSON, undefined as empty, a cycle as an error naming it",
    async run(ctx) {
      const { assert } = ctx;
      const { client } = await scripted(ctx, "values", [
        { outputs: [call("text", "v1"), call("object", "v2"), call("nothing", "v3"), call("cyclic", "v4"), call("number", "v5"), call("empty", "v6")] },
        { outputs: [say("got them")] },
      ]);
      const cyclic = { name: "loop" };
      cyclic.self = cyclic;
      const tools = [
        fn("text", () => "plain text"),
        fn("object", async () => ({ a: 1, list: [true, null, "x"], nested: { k: "v" } })),
        fn("nothing", () => undefined),
        fn("cyclic", () => cyclic),
        fn("number", () => 42),
        fn("empty", () => null),
      ];
      const result = await client.run({ model: MODEL, inputs: "go", tools, continueOnToolError: true });
      const r = Object.fromEntries(results(result.entries));
      assert.equal(r.v1, "plain text");
      assert.deepEqual(JSON.parse(r.v2), { a: 1, list: [true, null, "x"], nested: { k: "v" } });
      assert.equal(r.v3, "", "undefined becomes an empty result");
      assert.match(r.v4, /^error: .*JSON/, "the cycle's error names JSON");
      assert.match(r.v4, /circular|cycl/i, "and the cycle");
      assert.equal(r.v5, "42");
      assert.equal(r.v6, "null", "null is JSON like any value");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: a cyclic result without continueOnToolError fails the run with 'tool_failed'",
    async run(ctx) {
      const { assert, lib } = ctx;
      const { client } = await scripted(ctx, "cyclic-fail", [{ outputs: [call("cyclic", "y1")] }, { outputs: [say("never")] }]);
      const cyclic = {};
      cyclic.self = cyclic;
      const error = await assert.rejects(() => client.run({ model: MODEL, inputs: "go", tools: [fn("cyclic", () => cyclic)] }), lib.RunError);
      assert.equal(error.reason, "tool_failed");
      assert.equal(error.tool_call_id, "y1");
      assert.match(error.message, /JSON/);
      await assertConsistent(ctx, error.partial.conversation_id);
    },
  },
  {
    name: "run: requiresConfirmation with onConfirm: the allowed call runs, the denied one gets an error result",
    async run(ctx) {
      const { assert } = ctx;
      const { client } = await scripted(ctx, "confirm-handler", [
        { outputs: [call("delete_file", "d1", { path: "/tmp/a" }), call("delete_file", "d2", { path: "/etc/passwd" }), call("free", "d3")] },
        { outputs: [say("deleted what I could")] },
      ]);
      const ran = [];
      const asked = [];
      const PATH = { type: "object", properties: { path: { type: "string" } }, required: ["path"] };
      const tools = [
        fn("delete_file", (args) => (ran.push(args.path), `deleted ${args.path}`), PATH, { requiresConfirmation: true }),
        fn("free", () => (ran.push("free"), "free ran")),
      ];
      const result = await client.run({
        model: MODEL,
        inputs: "clean up",
        tools,
        onConfirm: async (c) => {
          asked.push(c);
          return c.arguments.path === "/tmp/a";
        },
      });
      assert.deepEqual(asked, [
        { tool_call_id: "d1", name: "delete_file", arguments: { path: "/tmp/a" }, server: false },
        { tool_call_id: "d2", name: "delete_file", arguments: { path: "/etc/passwd" }, server: false },
      ], "onConfirm was asked about the two calls that need it, not the free one");
      assert.deepEqual(ran.sort(), ["/tmp/a", "free"]);
      assert.equal(result.pending, undefined);
      const r = Object.fromEntries(results(result.entries));
      assert.equal(r.d1, "deleted /tmp/a");
      assert.match(r.d2, /^error: .*denied/);
      assert.equal(r.d3, "free ran");
      assert.equal(result.output_text, "deleted what I could");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: requiresConfirmation without onConfirm returns pending; run({ resume, confirmations }) finishes",
    async run(ctx) {
      const { assert } = ctx;
      const { client, key } = await scripted(ctx, "confirm-resume", [
        { outputs: [call("delete_file", "p1", { path: "/tmp/a" }), call("delete_file", "p2", { path: "/etc/passwd" })] },
        { outputs: [say("resumed and done")] },
      ]);
      const ran = [];
      const PATH = { type: "object", properties: { path: { type: "string" } }, required: ["path"] };
      const tools = [fn("delete_file", (args) => (ran.push(args.path), `deleted ${args.path}`), PATH, { requiresConfirmation: true })];
      const first = await client.run({ model: MODEL, inputs: "clean up", tools });
      assert.ok(first.pending, "the run waits for decisions");
      assert.deepEqual(first.pending.calls, [
        { tool_call_id: "p1", name: "delete_file", arguments: { path: "/tmp/a" }, server: false },
        { tool_call_id: "p2", name: "delete_file", arguments: { path: "/etc/passwd" }, server: false },
      ]);
      assert.deepEqual(ran, [], "nothing ran before the decisions");
      assert.equal(await queued(ctx, key), 1, "nothing was sent while pending");
      // The pending state survives a JSON round trip (an app stores it between requests).
      const pending = JSON.parse(JSON.stringify(first.pending));
      const done = await client.run({ resume: pending, confirmations: [{ tool_call_id: "p1", allow: true }, { tool_call_id: "p2", allow: false }], tools });
      assert.deepEqual(ran, ["/tmp/a"]);
      assert.equal(done.pending, undefined);
      assert.equal(done.output_text, "resumed and done");
      assert.equal(done.conversation_id, first.conversation_id);
      const r = Object.fromEntries(results(done.entries));
      assert.equal(r.p1, "deleted /tmp/a");
      assert.match(r.p2, /^error: .*denied/);
      const history = await client.conversations.history(done.conversation_id);
      assert.deepEqual(results(history.entries), results(done.entries), "the server got each result once");
      await assertConsistent(ctx, done.conversation_id);
    },
  },
  {
    name: "run: a server-side call pending confirmation is answered with tool_confirmations",
    async run(ctx) {
      const { assert } = ctx;
      const { client, spy } = await scripted(ctx, "confirm-server", [
        { outputs: [{ type: "confirmation_pending", name: "send_email", tool_call_id: "sv1", arguments: { to: "a@b.c" } }] },
      ]);
      const asked = [];
      const result = await client.run({ model: MODEL, inputs: "mail it", tools: [fn("local_noop", () => "x")], onConfirm: (c) => (asked.push(c), true) });
      assert.deepEqual(asked.map((c) => [c.tool_call_id, c.name, c.server]), [["sv1", "send_email", true]]);
      const appends = spy.conversationBodies().slice(1);
      assert.equal(appends.length, 1, "one append answered the confirmation");
      assert.deepEqual(appends[0].tool_confirmations, [{ tool_call_id: "sv1", confirmation: "allow" }]);
      assert.deepEqual(appends[0].inputs, [], "a server call gets no function.result");
      assert.match(result.output_text, /send_email was allowed and ran/);
      const history = await client.conversations.history(result.conversation_id);
      const stored = history.entries.find((e) => e.type === "function.call" && e.tool_call_id === "sv1");
      assert.equal(stored?.confirmation_status, "allowed", "the mock applied the confirmation");
      assert.ok(history.entries.some((e) => e.type === "tool.execution" && e.name === "send_email"), "the server ran the tool");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: outputSchema sends response_format and parses a valid answer into result.output",
    async run(ctx) {
      const { assert } = ctx;
      const schema = { type: "object", properties: { city: { type: "string" }, temp: { type: "number" } }, required: ["city", "temp"], additionalProperties: false };
      const { client, spy } = await scripted(ctx, "output-ok", [
        { outputs: [call("weather", "w1", { city: "Paris" })] },
        { outputs: [say('{"city": "Paris", "temp": 21.5}')] },
      ]);
      const CITY = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
      const result = await client.run({ model: MODEL, inputs: "weather?", tools: [fn("weather", (a) => `${a.city}: 21.5C`, CITY)], outputSchema: schema });
      assert.deepEqual(result.output, { city: "Paris", temp: 21.5 });
      const bodies = spy.conversationBodies();
      assert.equal(bodies.length, 2);
      for (const [i, body] of bodies.entries()) {
        assert.deepEqual(body.completion_args?.response_format?.type, "json_schema", `request ${i} asks for JSON`);
        assert.deepEqual(body.completion_args.response_format.json_schema.schema, schema, `request ${i} carries the schema`);
      }
      const stored = await client.conversations.get(result.conversation_id);
      assert.deepEqual(stored.completion_args.response_format.json_schema.schema, schema, "the server stored the response_format");
      await assertConsistent(ctx, result.conversation_id);
    },
  },
  {
    name: "run: an answer that breaks outputSchema fails with RunError 'output' naming the problem",
    async run(ctx) {
      const { assert, lib } = ctx;
      const schema = { type: "object", properties: { city: { type: "string" }, temp: { type: "number" } }, required: ["city", "temp"] };
      const bad = await scripted(ctx, "output-bad", [{ outputs: [say('{"city": "Paris"}')] }]);
      const e1 = await assert.rejects(() => bad.client.run({ model: MODEL, inputs: "weather?", outputSchema: schema }), lib.RunError);
      assert.equal(e1.reason, "output");
      assert.match(e1.problem, /temp/, "the missing member is named");
      assert.equal(e1.partial.output_text, '{"city": "Paris"}');
      const prose = await scripted(ctx, "output-prose", [{ outputs: [say("It is sunny in Paris.")] }]);
      const e2 = await assert.rejects(() => prose.client.run({ model: MODEL, inputs: "weather?", outputSchema: schema }), lib.RunError);
      assert.equal(e2.reason, "output");
      assert.match(e2.problem, /not JSON/);
    },
  },
  {
    name: "run: a client-side handoff continues the run with the next agent",
    async run(ctx) {
      const { assert, textOf } = ctx;
      const setup = ctx.client();
      const next = await setup.agents.create({ model: MODEL, name: `run-handoff-target-${ctx.runtime}` });
      try {
        const { client, spy } = await scripted(ctx, "handoff", [
          { outputs: [{ type: "agent.handoff", next_agent_id: next.id, next_agent_name: next.name }] },
          { outputs: [say("the next agent answers")] },
        ]);
        const result = await client.run({ model: MODEL, inputs: "hand me over", handoff_execution: "client" });
        assert.deepEqual(result.entries.map((e) => e.type), ["message.input", "agent.handoff", "message.output"], "the run went on after the handoff");
        assert.equal(result.output_text, "the next agent answers");
        assert.equal(textOf(result.entries.at(-1).content), "the next agent answers");
        assert.equal(result.entries.at(-1).agent_id, next.id, "the next agent spoke");
        assert.equal(result.turns, 2);
        assert.equal(spy.conversationBodies().length, 2, "one start, one append to the next agent");
        await assertConsistent(ctx, result.conversation_id);
      } finally {
        await setup.agents.delete(next.id).catch(() => {});
      }
    },
  },
  {
    name: "run: with an agent_id the run's tools go into a new agent version; the agent's current version stays",
    async run(ctx) {
      const { assert } = ctx;
      const setup = ctx.client();
      const agent = await setup.agents.create({ model: MODEL, name: `run-agent-mode-${ctx.runtime}`, tools: [{ type: "web_search" }] });
      try {
        const before = await setup.agents.get(agent.id);
        const { client, spy } = await scripted(ctx, "agent-mode", [
          { outputs: [call("lookup", "am1", { q: "edge" })] },
          { outputs: [say("found it")] },
        ]);
        const tools = [fn("lookup", ({ q }) => `result for ${q}`, { type: "object", properties: { q: { type: "string" } }, required: ["q"] })];
        const result = await client.run({ agent_id: agent.id, inputs: "look it up", tools });
        assert.equal(result.output_text, "found it");
        assert.equal(typeof result.agent_version, "number", "the run names the version it made");
        assert.notEqual(result.agent_version, before.version);
        const after = await setup.agents.get(agent.id);
        assert.equal(after.version, before.version, "the agent's current version is unchanged");
        assert.deepEqual(after.tools, before.tools, "and so are its tools");
        const made = await setup.agents.getVersion(agent.id, String(result.agent_version));
        const names = made.tools.map((t) => t.function?.name ?? t.type);
        assert.deepEqual(names.sort(), ["lookup", "web_search"], "the new version has the agent's tools and the run's");
        const start = spy.conversationBodies()[0];
        assert.equal(start.agent_version, result.agent_version, "the conversation is pinned to it");
        assert.equal(start.tools, undefined, "no tools in the conversation request");
        await assertConsistent(ctx, result.conversation_id);
      } finally {
        await setup.agents.delete(agent.id).catch(() => {});
      }
    },
  },
  {
    name: "runStream: the streamed run's entries equal the plain run's; function.result events in call order",
    async run(ctx) {
      const { assert, sleep, textOf, collect, deltaText } = ctx;
      const plain = await scripted(ctx, "stream-plain", THREE_TURNS());
      const expected = await plain.client.run({ model: MODEL, inputs: "compute please", tools: arithmetic(sleep, THREE_TURN_DELAYS).tools });
      const streamed = await scripted(ctx, "stream", THREE_TURNS());
      const stream = await streamed.client.runStream({ model: MODEL, inputs: "compute please", tools: arithmetic(sleep, THREE_TURN_DELAYS).tools });
      const events = await collect(stream);
      const done = events.at(-1);
      assert.equal(done?.type, "run.done", "the last event is run.done");
      assert.equal(events.filter((e) => e.type === "run.done").length, 1);
      const result = done.result;
      assert.deepEqual(shape(result.entries, textOf), shape(expected.entries, textOf), "same entries as the plain run");
      assert.equal(result.output_text, expected.output_text);
      assert.equal(result.turns, 3);
      assert.deepEqual(result.usage, expected.usage);
      assert.deepEqual(result.tool_names, expected.tool_names);
      const fr = events.filter((e) => e.type === "function.result");
      assert.deepEqual(fr.map((e) => [e.tool_call_id, e.result]), THREE_TURN_RESULTS, "function.result events in call order");
      assert.ok(fr.every((e) => e.is_error === false));
      // The events, in order: turn 1's calls before their results, before turn 2's calls.
      const order = events.flatMap((e) => (e.type === "function.result" ? [`r ${e.tool_call_id}`] : e.type === "function.call.delta" && e.tool_call_id && e.name ? [`c ${e.tool_call_id}`] : []));
      const firstSeen = [...new Set(order)];
      assert.deepEqual(firstSeen, ["c c1", "c c2", "c c3", "r c1", "r c2", "r c3", "c c4", "c c5", "r c4", "r c5"], "calls, then their results, turn by turn");
      assert.equal(deltaText(events), expected.output_text, "the streamed text is the answer");
      assert.equal(events.filter((e) => e.type === "conversation.response.started").length, 3, "one streamed response per turn");
      await assertConsistent(ctx, result.conversation_id);
      await ctx.mock.waitForOpenStreams(0, 5000, "streams left open by the run");
    },
  },
  {
    name: "runStream: leaving for-await mid-run aborts it: no further request reaches the mock",
    async run(ctx) {
      const { assert, sleep } = ctx;
      const { client, key, spy } = await scripted(ctx, "stream-break", THREE_TURNS());
      const { tools } = arithmetic(sleep, THREE_TURN_DELAYS);
      const stream = await client.runStream({ model: MODEL, inputs: "compute please", tools });
      const seen = [];
      for await (const event of stream) {
        seen.push(event.type);
        if (event.type === "function.result") break;
      }
      await sleep(300);
      assert.equal(await queued(ctx, key), 2, "turns 2 and 3 were never asked for");
      assert.equal(spy.conversationBodies().length, 1, "only the start was sent");
      await ctx.mock.waitForOpenStreams(0, 5000, "streams left open after the break");
      assert.ok(seen.includes("conversation.response.done"), "turn 1 streamed fully before its results");
    },
  },
  {
    name: "runStream: leaving for-await while a turn still streams aborts it and releases the connection",
    async run(ctx) {
      const { assert, sleep } = ctx;
      // `stall`: the mock sends the first event, then holds the stream open until the client goes away.
      const { headers } = ctx.fault("kind=stall");
      const before = await ctx.mock.openStreams();
      const { client, key, spy } = await scripted(ctx, "stream-break-stalled", THREE_TURNS(), headers);
      const { state, tools } = arithmetic(sleep, THREE_TURN_DELAYS);
      const stream = await client.runStream({ model: MODEL, inputs: "compute please", tools });
      const seen = [];
      for await (const event of stream) {
        seen.push(event.type);
        assert.equal(await ctx.mock.openStreams(), before + 1, "the turn's stream is open (stalled) when the loop is left");
        break;
      }
      assert.deepEqual(seen, ["conversation.response.started"]);
      await ctx.mock.waitForOpenStreams(before, 3000, "the stalled turn's stream after the break");
      await sleep(100);
      assert.deepEqual(state.log, [], "no tool ran");
      assert.equal(spy.conversationBodies().length, 1, "only the start was sent");
      assert.ok((await queued(ctx, key)) >= 2, "no later turn was asked for");
    },
  },
];
