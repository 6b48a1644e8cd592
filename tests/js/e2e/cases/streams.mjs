// Conversation streams: the three stream methods read with `for await` and
// with `toReadableStream()`, `finalResponse()` against the plain answer, and
// every way of stopping early (signal, break, abort(), cancel()), each proved
// to release the connection by the mock's open-stream count.

const MODEL = "mistral-small-latest";
/** 30 words: with one event every 300 ms the stream would last ~10 s on its own, far beyond the release deadline. */
const LONG = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
const SLOW = "kind=drip&delay_ms=300";
const RELEASE_MS = 3000;

function assertShape(assert, events, conversationId) {
  assert.ok(events.length >= 3, `a started, deltas and a done event (got ${events.length})`);
  assert.equal(events[0].type, "conversation.response.started");
  if (conversationId) assert.equal(events[0].conversation_id, conversationId);
  assert.equal(events.at(-1).type, "conversation.response.done");
  assert.ok(events.at(-1).usage.total_tokens > 0, "the done event carries usage");
}

export const streamCases = [
  {
    name: "streams: startStream, appendStream, restartStream read with for await",
    async run({ client, assert, collect, deltaText }) {
      const c = client();
      const first = await c.conversations.startStream({ model: MODEL, inputs: "stream one" });
      const e1 = await collect(first);
      assertShape(assert, e1);
      assert.equal(deltaText(e1), "You said: stream one");
      const id = e1[0].conversation_id;
      assert.ok(e1.filter((e) => e.type === "message.output.delta").length > 1, "the text arrives as several deltas");

      const e2 = await collect(await c.conversations.appendStream(id, { inputs: "stream two" }));
      assertShape(assert, e2, id);
      assert.equal(deltaText(e2), "You said: stream two");

      const { entries } = await c.conversations.history(id);
      assert.equal(entries.length, 4, "streamed turns are stored like plain ones");
      const e3 = await collect(await c.conversations.restartStream(id, { from_entry_id: entries[1].id, inputs: "stream three" }));
      assertShape(assert, e3);
      assert.notEqual(e3[0].conversation_id, id, "restartStream starts a new conversation");
      assert.equal(deltaText(e3), "You said: stream three");
      await c.conversations.delete(id);
      await c.conversations.delete(e3[0].conversation_id);
    },
  },
  {
    name: "streams: non-ASCII text survives streaming and plain answers alike",
    async run({ client, assert, collect, deltaText, textOf }) {
      const c = client();
      const text = "héllo wörld — 日本語のテキスト 🌍🚀 ok";
      const events = await collect(await c.conversations.startStream({ model: MODEL, inputs: text, stream: true }));
      assert.equal(deltaText(events), `You said: ${text}`);
      const plain = await c.conversations.start({ model: MODEL, inputs: text });
      assert.equal(textOf(plain.outputs[0].content), `You said: ${text}`);
    },
  },
  {
    name: "streams: after the end, next() stays done and abort() or a late signal are harmless",
    async run({ client, assert, collect }) {
      const c = client();
      const controller = new AbortController();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: "finish first" }, { signal: controller.signal });
      const events = await collect(stream);
      assert.equal(events.at(-1).type, "conversation.response.done");
      const it = stream[Symbol.asyncIterator]();
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      stream.abort();
      controller.abort();
      const late = new AbortController();
      const list = await c.models.list(undefined, { signal: late.signal });
      late.abort();
      assert.equal(list.object, "list");
      await new Promise((r) => setTimeout(r, 50));
    },
  },
  {
    name: "streams: toReadableStream() yields the same event objects as for await",
    async run({ client, assert, collect, drain }) {
      const c = client();
      const a = await collect(await c.conversations.startStream({ model: MODEL, inputs: "same events" }));
      const stream = await c.conversations.startStream({ model: MODEL, inputs: "same events" });
      const readable = stream.toReadableStream();
      assert.ok(readable instanceof ReadableStream, "toReadableStream() returns a ReadableStream");
      const b = await drain(readable);
      const strip = (events) => events.map(({ conversation_id, id, ...rest }) => rest);
      assert.deepEqual(strip(b), strip(a), "the events (ids aside) are the same");
    },
  },
  {
    name: "streams: finalResponse() matches the non-streamed answer (text, usage)",
    async run({ client, assert, textOf }) {
      const c = client();
      const plain = await c.conversations.start({ model: MODEL, inputs: "assemble me please" });
      const stream = await c.conversations.startStream({ model: MODEL, inputs: "assemble me please" });
      const final = await stream.finalResponse();
      assert.equal(typeof final.conversation_id, "string");
      assert.equal(final.outputs.length, plain.outputs.length);
      assert.equal(final.outputs[0].type, "message.output");
      assert.equal(textOf(final.outputs[0].content), textOf(plain.outputs[0].content));
      assert.deepEqual(final.usage, plain.usage);
    },
  },
  {
    name: "streams: finalResponse() joins function-call argument deltas",
    async run({ client, assert }) {
      const c = client();
      const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" }, n: { type: "integer" } }, required: ["q", "n"] } } }];
      const body = { model: MODEL, inputs: "please lookup this", tools };
      const plain = await c.conversations.start(body);
      const final = await (await c.conversations.startStream(body)).finalResponse();
      assert.equal(final.outputs[0].type, "function.call");
      assert.equal(final.outputs[0].name, "lookup");
      assert.equal(final.outputs[0].arguments, plain.outputs[0].arguments, "the two argument halves are joined");
    },
  },
  {
    name: "streams: finalResponse() after some events were read consumes only the rest",
    async run({ client, assert, textOf }) {
      const c = client();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: "partly read stream" });
      const it = stream[Symbol.asyncIterator]();
      const first = await it.next();
      assert.equal(first.value.type, "conversation.response.started");
      const final = await stream.finalResponse();
      assert.equal(textOf(final.outputs[0].content), "You said: partly read stream");
    },
  },
  {
    name: "streams: an AbortSignal mid-stream rejects the next read with AbortError and releases the connection",
    async run({ client, assert, lib, fault, mock }) {
      const c = client();
      const controller = new AbortController();
      const { headers } = fault(SLOW);
      const baseline = await mock.openStreams();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: LONG }, { signal: controller.signal, headers });
      const it = stream[Symbol.asyncIterator]();
      const first = await it.next();
      assert.equal(first.value.type, "conversation.response.started");
      assert.equal(await mock.openStreams(), baseline + 1, "the stream is open on the mock before the abort");
      controller.abort();
      await assert.rejects(() => it.next(), lib.AbortError);
      await mock.waitForOpenStreams(baseline, RELEASE_MS, "after an AbortSignal");
    },
  },
  {
    name: "streams: break out of for await releases the connection",
    async run({ client, assert, fault, mock }) {
      const c = client();
      const { headers } = fault(SLOW);
      const baseline = await mock.openStreams();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: LONG }, { headers });
      let n = 0;
      for await (const event of stream) {
        assert.equal(typeof event.type, "string");
        if (++n === 2) break;
      }
      assert.equal(n, 2);
      await mock.waitForOpenStreams(baseline, RELEASE_MS, "after break");
    },
  },
  {
    name: "streams: stream.abort() rejects the next read with AbortError and releases the connection",
    async run({ client, assert, lib, fault, mock }) {
      const c = client();
      const { headers } = fault(SLOW);
      const baseline = await mock.openStreams();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: LONG }, { headers });
      const it = stream[Symbol.asyncIterator]();
      await it.next();
      stream.abort();
      await assert.rejects(() => it.next(), lib.AbortError);
      await mock.waitForOpenStreams(baseline, RELEASE_MS, "after stream.abort()");
    },
  },
  {
    name: "streams: cancel() of toReadableStream() releases the connection",
    async run({ client, assert, fault, mock }) {
      const c = client();
      const { headers } = fault(SLOW);
      const baseline = await mock.openStreams();
      const stream = await c.conversations.startStream({ model: MODEL, inputs: LONG }, { headers });
      const reader = stream.toReadableStream().getReader();
      const first = await reader.read();
      assert.equal(first.value.type, "conversation.response.started");
      await reader.cancel();
      await mock.waitForOpenStreams(baseline, RELEASE_MS, "after ReadableStream cancel()");
    },
  },
  {
    name: "streams: a signal aborted before the call rejects with AbortError and sends nothing",
    async run({ client, assert, lib, mock }) {
      const c = client();
      await mock.reset();
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(() => c.conversations.startStream({ model: MODEL, inputs: "never" }, { signal: controller.signal }), lib.AbortError);
      await assert.rejects(() => c.models.list(undefined, { signal: controller.signal }), lib.AbortError);
      assert.deepEqual((await mock.stats()).requests, [], "no request reached the mock");
    },
  },
];
