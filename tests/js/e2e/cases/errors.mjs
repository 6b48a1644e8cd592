// Every error class, raised for real against the mock (or a closed port),
// with the properties the contract promises, and the API key absent from
// each one however it is printed.

const MODEL = "mistral-small-latest";
const CLASSES = ["MistralError", "ApiError", "RateLimitError", "ValidationError", "TimeoutError", "AbortError", "ConnectionError", "StreamError", "McpError"];

/** Every way an error can be printed or serialised must be free of `key`. */
export function assertNoKey(assert, error, key) {
  const views = {
    message: error?.message,
    stack: error?.stack,
    toString: String(error),
  };
  try {
    views.json = JSON.stringify(error);
  } catch (e) {
    views.json = `unserialisable: ${e.message}`;
  }
  for (const name of Object.getOwnPropertyNames(error ?? {})) {
    let value;
    try {
      value = error[name];
      views[`.${name}`] = typeof value === "string" ? value : JSON.stringify(value);
    } catch {
      views[`.${name}`] = String(value);
    }
  }
  let cause = error?.cause;
  for (let depth = 0; cause && depth < 5; depth++, cause = cause.cause) views[`cause${depth}`] = `${cause?.message} ${cause?.stack} ${String(cause)}`;
  for (const [where, text] of Object.entries(views)) assert.excludes(text, key, `the API key leaked through ${error?.name}'s ${where}`);
}

/** Reads a stream until it fails; returns `{ events, error }`. */
async function readUntilFailure(stream) {
  const events = [];
  try {
    for await (const e of stream) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: null };
}

export const errorCases = [
  {
    name: "errors: every class is exported, extends MistralError and Error",
    async run({ lib, assert }) {
      for (const name of CLASSES) assert.equal(typeof lib[name], "function", `${name} is exported`);
      assert.ok(lib.MistralError.prototype instanceof Error, "MistralError extends Error");
      for (const name of CLASSES.slice(1)) assert.ok(lib[name].prototype instanceof lib.MistralError, `${name} extends MistralError`);
      assert.ok(lib.RateLimitError.prototype instanceof lib.ApiError, "RateLimitError extends ApiError");
      assert.equal(typeof lib.Mistral, "function");
      assert.ok(lib.ready && typeof lib.ready.then === "function", "ready is a promise");
      await lib.ready;
    },
  },
  {
    name: "errors: ApiError (404) has status, body, json, lowercase headers and requestId",
    async run({ client, assert, lib, apiKey }) {
      const e = await assert.rejects(() => client().agents.get("ag_does_not_exist"), lib.ApiError);
      assert.equal(e.name, "ApiError");
      assert.ok(e instanceof lib.MistralError && e instanceof Error);
      assert.equal(e.status, 404);
      assert.equal(typeof e.body, "string");
      assert.deepEqual(JSON.parse(e.body), e.json, "json is the parsed body");
      assert.match(e.json.message, /not found/);
      assert.equal(typeof e.headers, "object");
      assert.ok(!(e.headers instanceof Headers), "headers is a plain object");
      for (const k of Object.keys(e.headers)) assert.equal(k, k.toLowerCase(), "header names are lowercase");
      assert.match(e.headers["content-type"], /application\/json/);
      assert.match(e.requestId, /^[0-9a-f]{32}$/);
      assert.equal(e.requestId, e.headers["x-request-id"]);
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: 401 for a refused key is an ApiError with www-authenticate, the key absent",
    async run({ client, assert, lib }) {
      const e = await assert.rejects(() => client({ apiKey: "bad-key" }).models.list(), lib.ApiError);
      assert.equal(e.status, 401);
      assert.equal(e.headers["www-authenticate"], "Bearer");
      assertNoKey(assert, e, "bad-key");
    },
  },
  {
    name: "errors: a 502 HTML page is an ApiError with the body kept and json undefined",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=html_error");
      const e = await assert.rejects(() => client().models.list(undefined, { headers }), lib.ApiError);
      assert.equal(e.status, 502);
      assert.match(e.body, /<h1>502 Bad Gateway<\/h1>/);
      assert.equal(e.json, undefined);
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: a 500 keeps its JSON body (retries off)",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=server_error&status=500");
      const e = await assert.rejects(() => client().conversations.start({ model: MODEL, inputs: "x" }, { headers }), lib.ApiError);
      assert.equal(e.status, 500);
      assert.equal(e.json.message, "Internal server error");
      assert.equal(e.json.type, "internal_server_error");
      assert.equal(JSON.parse(e.body).code, "500");
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: RateLimitError (429) with retryAfterMs when retries are off",
    async run({ client, assert, lib, fault, mock, apiKey }) {
      const { key, headers } = fault("kind=rate_limit&retry_after=7");
      const e = await assert.rejects(() => client().models.list(undefined, { headers }), lib.RateLimitError);
      assert.equal(e.name, "RateLimitError");
      assert.ok(e instanceof lib.ApiError, "a RateLimitError is an ApiError");
      assert.equal(e.status, 429);
      assert.equal(e.retryAfterMs, 7000);
      assert.equal(e.headers["retry-after"], "7");
      assert.equal(e.json.type, "rate_limited");
      assert.equal((await mock.stats()).countsByKey[key], 1, "retry: false sends exactly one request");
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: client-side ValidationError names the field and sends nothing",
    async run({ client, assert, lib, mock, apiKey }) {
      const c = client();
      await mock.reset();
      const inputs = await assert.rejects(() => c.conversations.start({ model: MODEL, inputs: 42 }), lib.ValidationError);
      assert.equal(inputs.name, "ValidationError");
      assert.equal(inputs.field, "inputs");
      assert.ok(inputs.expected !== undefined && inputs.expected !== "", "expected says what was wanted");
      assertNoKey(assert, inputs, apiKey);

      const neither = await assert.rejects(() => c.conversations.start({ inputs: "hi" }), lib.ValidationError);
      assert.match(String(neither.field), /model|agent_id/, "missing model and agent_id names one of them");
      const neitherStream = await assert.rejects(() => c.conversations.startStream({ inputs: "hi" }), lib.ValidationError);
      assert.match(String(neitherStream.field), /model|agent_id/);

      const tool = await assert.rejects(() => c.agents.create({ model: MODEL, name: "t", tools: [{ type: "no_such_tool" }] }), lib.ValidationError);
      assert.equal(tool.field, "tools[0].type");

      const contradicting = await assert.rejects(() => c.conversations.start({ model: MODEL, inputs: "hi", stream: true }), lib.ValidationError);
      assert.equal(contradicting.field, "stream", "a body's stream that contradicts the method");

      const version = await assert.rejects(() => c.agents.updateVersion("ag_x", "one"), lib.ValidationError);
      assert.match(String(version.field), /version/);

      assert.deepEqual((await mock.stats()).requests, [], "no request reached the mock");
    },
  },
  {
    name: "errors: bad client and per-call options are ValidationErrors naming the option, sending nothing",
    async run({ lib, assert, serverURL, apiKey, mock }) {
      await mock.reset();
      // Each: options for the client, opts for the call, the field the error must name.
      const checks = [
        { what: "apiKey 42", options: { apiKey: 42 }, field: "apiKey" },
        { what: "timeoutMs 'soon'", options: { timeoutMs: "soon" }, field: "timeoutMs" },
        { what: "idleTimeoutMs -1", options: { idleTimeoutMs: -1 }, field: "idleTimeoutMs" },
        { what: "retry.maxRetries -1", options: { retry: { maxRetries: -1 } }, field: "retry.maxRetries" },
        { what: "headers 5", options: { headers: 5 }, field: "headers" },
        { what: "serverURL '::not a url::'", options: { serverURL: "::not a url::" }, field: "serverURL" },
        { what: "opts.timeoutMs 'soon'", opts: { timeoutMs: "soon" }, field: "timeoutMs" },
        { what: "opts.headers with a bad header name", opts: { headers: { "bad header\n": "x" } }, field: /^headers/ },
      ];
      const problems = [];
      for (const { what, options = {}, opts, field } of checks) {
        let error;
        try {
          const c = new lib.Mistral({ apiKey, serverURL, retry: false, ...options });
          await c.models.list(undefined, opts);
        } catch (e) {
          error = e;
        }
        const named = typeof field === "string" ? error?.field === field : field.test(String(error?.field));
        if (!(error instanceof lib.ValidationError) || !named) {
          problems.push(`${what}: want ValidationError with field ${field}, got ${error ? `${error.name} field=${JSON.stringify(error.field)}: ${error.message}` : "no error"}`);
        }
        if (error) assertNoKey(assert, error, apiKey);
      }
      const sent = (await mock.stats()).requests.length;
      if (sent) problems.push(`${sent} request(s) reached the mock`);
      if (problems.length) assert.fail(problems.join("\n"));
    },
  },
  {
    name: "errors: a server 422 is a ValidationError with status, body, requestId and errors",
    async run({ client, assert, lib, apiKey }) {
      const e = await assert.rejects(
        // A well-typed string the client cannot judge: only the server checks that it is a URI.
        () => client().connectors.create({ name: "not_a_uri", description: "d", server: "not a uri" }),
        lib.ValidationError,
      );
      assert.equal(e.status, 422);
      assert.equal(typeof e.body, "string");
      assert.ok(JSON.parse(e.body).detail.length > 0);
      assert.match(e.requestId, /^[0-9a-f]{32}$/);
      assert.ok(Array.isArray(e.errors) && e.errors.length > 0, "errors lists the server's complaints");
      const err = e.errors.find((x) => JSON.stringify(x.path).includes("server"));
      assert.ok(err, `an error points at server: ${JSON.stringify(e.errors)}`);
      assert.equal(typeof err.message, "string");
      assert.equal(typeof err.type, "string");
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: TimeoutError total (client option and per-call opts)",
    async run({ client, assert, lib, fault, apiKey }) {
      const slow = fault("kind=slow_headers&delay_ms=4000");
      const t0 = Date.now();
      const e = await assert.rejects(() => client({ timeoutMs: 300 }).models.list(undefined, { headers: slow.headers }), lib.TimeoutError);
      assert.equal(e.name, "TimeoutError");
      assert.equal(e.kind, "total");
      assert.equal(e.timeoutMs, 300);
      assert.ok(Date.now() - t0 < 3000, `the timeout fired early (${Date.now() - t0} ms)`);
      assertNoKey(assert, e, apiKey);

      const again = fault("kind=slow_headers&delay_ms=4000");
      const perCall = await assert.rejects(() => client({ timeoutMs: 60000 }).models.list(undefined, { headers: again.headers, timeoutMs: 250 }), lib.TimeoutError);
      assert.equal(perCall.timeoutMs, 250, "opts.timeoutMs overrides the client's");
    },
  },
  {
    name: "errors: TimeoutError idle on a stalled stream, after the first event, connection released",
    async run({ client, assert, lib, fault, mock, apiKey }) {
      const { headers } = fault("kind=stall");
      const baseline = await mock.openStreams();
      const stream = await client({ idleTimeoutMs: 300 }).conversations.startStream({ model: MODEL, inputs: "stall after the first event" }, { headers });
      const { events, error } = await readUntilFailure(stream);
      assert.deepEqual(events.map((e) => e.type), ["conversation.response.started"], "the event before the stall was delivered");
      assert.ok(error instanceof lib.TimeoutError, `expected TimeoutError, got ${error?.name}: ${error?.message}`);
      assert.equal(error.kind, "idle");
      assert.equal(error.timeoutMs, 300);
      assertNoKey(assert, error, apiKey);
      await mock.waitForOpenStreams(baseline, 3000, "after an idle timeout");

      const perCall = fault("kind=stall");
      const s2 = await client().conversations.startStream({ model: MODEL, inputs: "stall again" }, { headers: perCall.headers, idleTimeoutMs: 200 });
      const r2 = await readUntilFailure(s2);
      assert.ok(r2.error instanceof lib.TimeoutError && r2.error.kind === "idle", `opts.idleTimeoutMs applies (got ${r2.error?.name})`);
      await mock.waitForOpenStreams(baseline, 3000, "after the second idle timeout");
    },
  },
  {
    name: "errors: AbortError when the signal fires while waiting for headers",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=slow_headers&delay_ms=4000");
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const t0 = Date.now();
      const e = await assert.rejects(() => client().models.list(undefined, { headers, signal: controller.signal }), lib.AbortError);
      assert.equal(e.name, "AbortError");
      assert.ok(e instanceof lib.MistralError);
      assert.ok(Date.now() - t0 < 3000, "the abort was prompt");
      assertNoKey(assert, e, apiKey);
    },
  },
  {
    name: "errors: ConnectionError for a closed 127.0.0.1 port",
    async run({ lib, assert, closedURL, apiKey }) {
      const c = new lib.Mistral({ apiKey, serverURL: closedURL, retry: false });
      const e = await assert.rejects(() => c.models.list(), lib.ConnectionError);
      assert.equal(e.name, "ConnectionError");
      assertNoKey(assert, e, apiKey);
      const s = await assert.rejects(() => c.conversations.startStream({ model: MODEL, inputs: "x" }), lib.ConnectionError);
      assertNoKey(assert, s, apiKey);
    },
  },
  {
    name: "errors: StreamError for a malformed event, after the events before it",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=malformed_json&after=3");
      const stream = await client().conversations.startStream({ model: MODEL, inputs: "one two three four five six" }, { headers });
      const { events, error } = await readUntilFailure(stream);
      assert.equal(events.length, 3, "the three events before the malformed one were delivered");
      assert.equal(events[0].type, "conversation.response.started");
      assert.ok(error instanceof lib.StreamError, `expected StreamError, got ${error?.name}: ${error?.message}`);
      assertNoKey(assert, error, apiKey);

      const chat = fault("kind=malformed_json&after=2");
      const cs = await client().chat.stream({ model: MODEL, messages: [{ role: "user", content: "one two three four five" }] }, { headers: chat.headers });
      const r = await readUntilFailure(cs);
      assert.equal(r.events.length, 2, "chat: the chunks before the malformed one were delivered");
      assert.ok(r.error instanceof lib.StreamError, `chat: expected StreamError, got ${r.error?.name}`);
    },
  },
  {
    name: "errors: StreamError for a truncated stream, after the events before it",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=truncate&after=3");
      const stream = await client().conversations.startStream({ model: MODEL, inputs: "one two three four five six" }, { headers });
      const { events, error } = await readUntilFailure(stream);
      assert.equal(events.length, 3, "the three whole events were delivered");
      assert.ok(error instanceof lib.StreamError, `expected StreamError, got ${error?.name}: ${error?.message}`);
      assertNoKey(assert, error, apiKey);

      const chat = fault("kind=truncate&after=2");
      const cs = await client().chat.stream({ model: MODEL, messages: [{ role: "user", content: "one two three four five" }] }, { headers: chat.headers });
      const r = await readUntilFailure(cs);
      assert.equal(r.events.length, 2, "chat: the whole chunks were delivered");
      assert.ok(r.error instanceof lib.StreamError, `chat: a stream without [DONE] is a StreamError (got ${r.error?.name})`);
    },
  },
  {
    name: "errors: a connection reset mid-stream fails after the events before it",
    async run({ client, assert, lib, fault, apiKey }) {
      const { headers } = fault("kind=reset_mid_stream&after=3&delay_ms=100");
      const stream = await client().conversations.startStream({ model: MODEL, inputs: "one two three four five six" }, { headers });
      const { events, error } = await readUntilFailure(stream);
      assert.equal(events.length, 3, "the three events before the reset were delivered");
      assert.ok(error instanceof lib.ConnectionError || error instanceof lib.StreamError, `expected ConnectionError (or StreamError), got ${error?.name}: ${error?.message}`);
      assertNoKey(assert, error, apiKey);
    },
  },
];
