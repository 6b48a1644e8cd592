// Client and per-call options doing what they say (headers, an injected
// fetch, retry) and the mock's fault knobs survived with nothing lost.

const MODEL = "mistral-small-latest";

/** The headers of a fetch call as a plain lowercase object, whatever form they took. */
function headersOf(input, init) {
  const h = new Headers(typeof input === "object" && input !== null && "headers" in input ? input.headers : undefined);
  new Headers(init?.headers ?? {}).forEach((v, k) => h.set(k, v));
  const out = {};
  h.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

function urlOf(input) {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

export const optionCases = [
  {
    name: "options: per-call opts.headers and client headers reach the server",
    async run({ client, assert, fault, mock }) {
      const perCall = fault("kind=slow_headers&delay_ms=0");
      await client().models.list(undefined, { headers: perCall.headers });
      const onClient = fault("kind=slow_headers&delay_ms=0");
      const c = client({ headers: onClient.headers });
      await c.models.retrieve("mistral-small-latest");
      await c.conversations.start({ model: MODEL, inputs: "with client headers" });
      const counts = (await mock.stats()).countsByKey;
      assert.equal(counts[perCall.key], 1, "the per-call header was seen once");
      assert.equal(counts[onClient.key], 2, "the client header was seen on both calls");
    },
  },
  {
    name: "options: the injected fetch is used for every request",
    async run({ lib, assert, serverURL, apiKey, textOf }) {
      const seen = [];
      const injected = (input, init) => {
        const url = urlOf(input);
        const isRequest = typeof input === "object" && input !== null && !(input instanceof URL);
        seen.push({ url, method: init?.method ?? (isRequest ? input.method : "GET"), headers: headersOf(input, init) });
        // The configured host does not exist: only this function can reach the mock.
        const target = url.replace("http://injected.invalid", serverURL);
        return isRequest ? fetch(new Request(target, input), init) : fetch(target, init);
      };
      const c = new lib.Mistral({ apiKey, serverURL: "http://injected.invalid", fetch: injected, retry: false });
      const list = await c.models.list();
      assert.equal(list.object, "list");
      const res = await c.conversations.start({ model: MODEL, inputs: "through the injected fetch" });
      assert.equal(textOf(res.outputs[0].content), "You said: through the injected fetch");
      const events = [];
      for await (const e of await c.conversations.startStream({ model: MODEL, inputs: "streamed through it" })) events.push(e);
      assert.equal(events.at(-1).type, "conversation.response.done");
      assert.equal(seen.length, 3, "one fetch per call");
      assert.equal(seen[0].url, "http://injected.invalid/v1/models");
      assert.equal(String(seen[1].method).toUpperCase(), "POST");
      assert.equal(seen[0].headers.authorization, `Bearer ${apiKey}`, "the key is sent as a bearer token");
    },
  },
  {
    name: "options: what an injected fetch throws reaches the caller as the same object, not retried",
    async run({ lib, assert, apiKey }) {
      class Mine extends Error {}
      const thrown = new Mine("from my fetch");
      let calls = 0;
      const c = new lib.Mistral({ apiKey, serverURL: "http://injected.invalid", fetch: () => { calls++; throw thrown; } });
      const sync = await assert.rejects(() => c.models.list(), Mine);
      assert.ok(sync === thrown, "a synchronous throw is the same object");
      const rejecting = new lib.Mistral({ apiKey, serverURL: "http://injected.invalid", fetch: async () => { calls++; throw thrown; } });
      const viaPromise = await assert.rejects(() => rejecting.conversations.startStream({ model: MODEL, inputs: "x" }), Mine);
      assert.ok(viaPromise === thrown, "a rejection is the same object");
      assert.equal(calls, 2, "a caller's error is not retried");
      // A network failure (fetch's TypeError) is still a ConnectionError.
      const net = new lib.Mistral({ apiKey, serverURL: "http://injected.invalid", retry: false, fetch: () => Promise.reject(new TypeError("fetch failed")) });
      await assert.rejects(() => net.models.list(), lib.ConnectionError);
    },
  },
  {
    name: "faults: a 429 is retried and succeeds (client retry and per-call opts.retry)",
    async run({ client, assert, fault, mock }) {
      const retry = { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 200 };
      const once = fault("kind=rate_limit&times=1&retry_after=0");
      const list = await client({ retry }).models.list(undefined, { headers: once.headers });
      assert.equal(list.object, "list");
      assert.equal((await mock.stats()).countsByKey[once.key], 2, "one 429, then the retry");

      const perCall = fault("kind=rate_limit&times=1&retry_after=0");
      const model = await client({ retry: false }).models.retrieve("mistral-small-latest", { headers: perCall.headers, retry });
      assert.equal(model.id, "mistral-small-latest");
      assert.equal((await mock.stats()).countsByKey[perCall.key], 2, "opts.retry overrides retry: false");

      const stream = fault("kind=rate_limit&times=1&retry_after=0");
      const events = [];
      for await (const e of await client({ retry }).conversations.startStream({ model: MODEL, inputs: "retried stream" }, { headers: stream.headers })) events.push(e);
      assert.equal(events.at(-1).type, "conversation.response.done", "a stream whose first attempt got a 429 completes");
    },
  },
  {
    name: "faults: retries exhausted end in RateLimitError after maxRetries + 1 requests",
    async run({ client, assert, lib, fault, mock }) {
      const always = fault("kind=rate_limit&retry_after=0");
      const e = await assert.rejects(() => client({ retry: { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 20 } }).models.list(undefined, { headers: always.headers }), lib.RateLimitError);
      assert.equal(e.status, 429);
      assert.equal((await mock.stats()).countsByKey[always.key], 3);
    },
  },
  {
    name: "faults: a 503 is retried and succeeds",
    async run({ client, assert, fault, mock }) {
      const twice = fault("kind=server_error&status=503&times=2");
      const model = await client({ retry: { maxRetries: 3, initialDelayMs: 5, maxDelayMs: 50 } }).models.retrieve("mistral-medium-latest", { headers: twice.headers });
      assert.equal(model.id, "mistral-medium-latest");
      assert.equal((await mock.stats()).countsByKey[twice.key], 3);
    },
  },
  {
    name: "faults: slow headers within the timeout succeed",
    async run({ client, assert, fault }) {
      const { headers } = fault("kind=slow_headers&delay_ms=300");
      const list = await client({ timeoutMs: 5000 }).models.list(undefined, { headers });
      assert.equal(list.object, "list");
    },
  },
  {
    name: "faults: a slow drip completes (stream and plain JSON), idle timeout not hit",
    async run({ client, assert, fault, deltaText, chunkText }) {
      const c = client({ idleTimeoutMs: 2000, timeoutMs: 30000 });
      const s = fault("kind=drip&delay_ms=40");
      const events = [];
      for await (const e of await c.conversations.startStream({ model: MODEL, inputs: "drip drip drip slowly" }, { headers: s.headers })) events.push(e);
      assert.equal(deltaText(events), "You said: drip drip drip slowly");
      assert.equal(events.at(-1).type, "conversation.response.done");

      const ch = fault("kind=drip&delay_ms=40");
      const chunks = [];
      for await (const x of await c.chat.stream({ model: MODEL, messages: [{ role: "user", content: "chat drip" }] }, { headers: ch.headers })) chunks.push(x);
      assert.equal(chunkText(chunks), "You said: chat drip");

      const j = fault("kind=drip&delay_ms=100");
      const list = await c.models.list(undefined, { headers: j.headers });
      assert.ok(list.data.length >= 4, "a JSON body in four slow pieces parses whole");
    },
  },
];
