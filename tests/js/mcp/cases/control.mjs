// Call control over both server-everything transports: cancellation by the
// caller's signal (the server is told with notifications/cancelled),
// timeouts, calls running concurrently on one client, and ping.

function cases(t) {
  return [
    {
      name: `${t} control: aborting a long call mid-way rejects with AbortError at once, tells the server, and the client still works`,
      async run({ withClient, assert, lib, spyFetch, until, sleep }) {
        const spy = spyFetch();
        await withClient(t, { fetch: spy.fetch }, async (c) => {
          const controller = new AbortController();
          const progress = [];
          const call = c.callTool("trigger-long-running-operation", { duration: 10, steps: 20 }, { signal: controller.signal, onProgress: (p) => progress.push(p) });
          call.catch(() => {});
          await until(() => progress.length >= 1, 8000, "a first progress notification");
          const aborted = Date.now();
          controller.abort();
          await assert.rejects(call, lib.AbortError);
          const took = Date.now() - aborted;
          assert.ok(took < 1000, `AbortError ${took} ms after abort()`);
          const sent = spy.messages().find((m) => m.method === "tools/call" && m.params?.name === "trigger-long-running-operation");
          const cancelled = await until(
            () => spy.messages().find((m) => m.method === "notifications/cancelled"),
            3000,
            `notifications/cancelled was POSTed (sent: ${JSON.stringify(spy.messages().map((m) => m.method))})`,
          );
          assert.equal(cancelled.params.requestId, sent.id, "the cancellation names the aborted request");
          const count = progress.length;
          const echo = await c.callTool("echo", { message: "still alive" });
          assert.equal(echo.content[0].text, "Echo: still alive");
          await sleep(1100);
          assert.equal(progress.length, count, "no progress reaches the callback of an aborted call");
        });
      },
    },
    {
      name: `${t} control: an already-aborted signal rejects with AbortError and sends no call`,
      async run({ withClient, assert, lib, spyFetch }) {
        const spy = spyFetch();
        await withClient(t, { fetch: spy.fetch }, async (c) => {
          const controller = new AbortController();
          controller.abort();
          await assert.rejects(() => c.callTool("echo", { message: "never" }, { signal: controller.signal }), lib.AbortError);
          await assert.rejects(() => c.readResource("demo://resource/dynamic/text/1", { signal: controller.signal }), lib.AbortError);
          await assert.rejects(() => c.getPrompt("simple-prompt", {}, { signal: controller.signal }), lib.AbortError);
          const calls = spy.messages().filter((m) => ["tools/call", "resources/read", "prompts/get"].includes(m.method));
          assert.deepEqual(calls, [], "nothing was sent for an aborted call");
        });
      },
    },
    {
      name: `${t} control: a call past its timeoutMs rejects with McpError 'timeout', and the client goes on`,
      async run({ withClient, assert, lib, spyFetch, until }) {
        const spy = spyFetch();
        await withClient(t, { fetch: spy.fetch }, async (c) => {
          const started = Date.now();
          const error = await assert.rejects(() => c.callTool("trigger-long-running-operation", { duration: 6, steps: 3 }, { timeoutMs: 600 }), lib.McpError);
          const took = Date.now() - started;
          assert.equal(error.reason, "timeout");
          assert.equal(error.method, "tools/call");
          assert.equal(error.timeoutMs, 600);
          assert.ok(took >= 550 && took < 2500, `gave up after ${took} ms`);
          const sent = spy.messages().find((m) => m.method === "tools/call");
          await until(
            () => spy.messages().find((m) => m.method === "notifications/cancelled" && m.params?.requestId === sent.id),
            3000,
            "the timed-out request is cancelled on the server (the spec's SHOULD)",
          );
          assert.equal((await c.callTool("echo", { message: "on time" })).content[0].text, "Echo: on time");
        });
      },
    },
    {
      name: `${t} control: the client's timeoutMs applies to every call`,
      async run({ withClient, assert, lib }) {
        await withClient(t, { timeoutMs: 1200 }, async (c) => {
          const error = await assert.rejects(() => c.callTool("trigger-long-running-operation", { duration: 4, steps: 1 }), lib.McpError);
          assert.equal(error.reason, "timeout");
          assert.equal(error.timeoutMs, 1200);
          const quick = await c.callTool("trigger-long-running-operation", { duration: 1.8, steps: 1 }, { timeoutMs: 10000 });
          assert.match(quick.content[0].text, /^Long running operation completed/, "a call's own timeoutMs overrides the client's");
        });
      },
    },
    {
      name: `${t} control: 10 concurrent get-sum calls each get their own answer`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const started = Date.now();
          const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.callTool("get-sum", { a: i, b: 100 })));
          const took = Date.now() - started;
          results.forEach((r, i) => assert.equal(r.content[0].text, `The sum of ${i} and 100 is ${i + 100}.`, `call ${i}`));
          assert.ok(took < 5000, `10 small calls took ${took} ms`);
        });
      },
    },
    {
      name: `${t} control: 4 one-second calls run at the same time, each with its own progress`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          await c.ping();
          const progress = [[], [], [], []];
          const started = Date.now();
          const results = await Promise.all(
            progress.map((seen, i) =>
              c.callTool("trigger-long-running-operation", { duration: 1, steps: 2 + i }, { onProgress: (p) => seen.push(p.progress) }),
            ),
          );
          const took = Date.now() - started;
          results.forEach((r, i) => assert.match(r.content[0].text, new RegExp(`Steps: ${2 + i}\\.$`)));
          progress.forEach((seen, i) => assert.deepEqual(seen, Array.from({ length: 2 + i }, (_, k) => k + 1), `call ${i} saw only its own progress`));
          assert.ok(took < 2600, `4 one-second calls took ${took} ms: they did not run concurrently`);
        });
      },
    },
    {
      name: `${t} control: ping answers`,
      async run({ withClient, assert, spyFetch }) {
        const spy = spyFetch();
        await withClient(t, { fetch: spy.fetch }, async (c) => {
          await c.ping();
          await c.ping();
          assert.equal(spy.messages().filter((m) => m.method === "ping").length, 2, "two pings were sent");
        });
      },
    },
  ];
}

export const controlCasesFor = (transports) => transports.flatMap(cases);
