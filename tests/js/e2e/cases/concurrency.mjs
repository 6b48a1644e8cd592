// One client used by many calls at once (the wasm side must not hold a
// borrow across an await), streams interleaved with plain calls, and a body
// far larger than any chunk.

const MODEL = "mistral-small-latest";

export const concurrencyCases = [
  {
    name: "concurrency: 20 plain calls and 5 streams at once on one client",
    async run({ client, assert, collect, deltaText, textOf }) {
      const c = client();
      const plain = Array.from({ length: 20 }, (_, i) => c.conversations.start({ model: MODEL, inputs: `parallel ${i}` }));
      const streams = Array.from({ length: 5 }, (_, i) => c.conversations.startStream({ model: MODEL, inputs: `stream ${i}` }).then(collect));
      const [answers, streamed] = await Promise.all([Promise.all(plain), Promise.all(streams)]);
      answers.forEach((a, i) => assert.equal(textOf(a.outputs[0].content), `You said: parallel ${i}`, `answer ${i} is its own`));
      streamed.forEach((events, i) => assert.equal(deltaText(events), `You said: stream ${i}`, `stream ${i} is its own`));
    },
  },
  {
    name: "concurrency: two streams read in lockstep keep their events apart",
    async run({ client, assert, deltaText }) {
      const c = client();
      const a = (await c.conversations.startStream({ model: MODEL, inputs: "alpha one two three four" }))[Symbol.asyncIterator]();
      const b = (await c.conversations.startStream({ model: MODEL, inputs: "beta five six seven eight" }))[Symbol.asyncIterator]();
      const ea = [];
      const eb = [];
      for (let doneA = false, doneB = false; !doneA || !doneB; ) {
        if (!doneA) {
          const r = await a.next();
          if (r.done) doneA = true;
          else ea.push(r.value);
        }
        if (!doneB) {
          const r = await b.next();
          if (r.done) doneB = true;
          else eb.push(r.value);
        }
      }
      assert.equal(deltaText(ea), "You said: alpha one two three four");
      assert.equal(deltaText(eb), "You said: beta five six seven eight");
    },
  },
  {
    name: "concurrency: a 1 MB input round-trips",
    async run({ client, assert, textOf }) {
      const big = "x".repeat(1024 * 1024);
      const res = await client().conversations.start({ model: MODEL, inputs: big, store: false });
      assert.equal(textOf(res.outputs[0].content).length, big.length + "You said: ".length);
    },
  },
];
