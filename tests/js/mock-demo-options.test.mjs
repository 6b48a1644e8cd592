// The mock's demo options: `paceMs` between stream events, `keys` (only
// those API keys pass), and `persona: "demo"` (mock/demo-persona.mjs).
// Every request body is still checked against the spec by the mock.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startMockMistral } from "../support/mock-mistral.mjs";

const KEY = "demo-test-key";
const WEATHER = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};
const SUM = {
  type: "function",
  function: { name: "get-sum", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } },
};

describe("mock Mistral: demo options", () => {
  let mock;
  const post = (path, body, key = KEY) =>
    fetch(`${mock.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const start = async (body) => {
    const res = await post("/v1/conversations", { model: "mistral-small-latest", ...body });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };

  before(async () => {
    mock = await startMockMistral({ paceMs: 15, persona: "demo", keys: [KEY] });
  });
  after(() => mock?.close());

  it("refuses every key but the accepted ones, with a 401", async () => {
    const res = await post("/v1/conversations", { model: "m", inputs: "hi" }, "sk-some-other-key");
    assert.equal(res.status, 401);
    assert.equal((await res.json()).type, "authentication_error");
  });

  it("paces stream events paceMs apart", async () => {
    const started = Date.now();
    const res = await post("/v1/conversations", { model: "mistral-small-latest", inputs: "hello there", stream: true });
    assert.equal(res.status, 200);
    const arrivals = [];
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of res.body) {
      text += decoder.decode(chunk, { stream: true });
      arrivals.push(Date.now() - started);
    }
    const frames = text.split("\n\n").filter(Boolean);
    assert.ok(frames.length > 10, `a greeting of many tokens (${frames.length} frames)`);
    assert.ok(arrivals.at(-1) - arrivals[0] >= 15 * (frames.length - 2), `spread over ${arrivals.at(-1) - arrivals[0]} ms`);
  });

  it("calls a weather function with the city of the question, then reports its result", async () => {
    const first = await start({ inputs: "What's the weather in Rome today?", tools: [WEATHER, SUM] });
    const call = first.outputs[0];
    assert.equal(call.type, "function.call");
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Rome" });
    const res = await post(`/v1/conversations/${first.conversation_id}`, {
      inputs: [{ type: "function.result", tool_call_id: call.tool_call_id, result: JSON.stringify({ city: "Rome", temperature_c: 24 }) }],
    });
    const answer = await res.json();
    assert.match(answer.outputs[0].content, /get_weather says city: Rome, temperature c: 24/);
  });

  it("fills number parameters from the text for an add/sum tool (an MCP tool's name)", async () => {
    const first = await start({ inputs: "please add 2 and 3", tools: [WEATHER, SUM] });
    assert.equal(first.outputs[0].name, "get-sum");
    assert.deepEqual(JSON.parse(first.outputs[0].arguments), { a: 2, b: 3 });
  });

  it("runs web_search when asked to search, answers JSON for a json_schema format, tells a long story", async () => {
    const searched = await start({ inputs: "search the latest news", tools: [{ type: "web_search" }] });
    assert.deepEqual(searched.outputs.map((o) => o.type), ["tool.execution", "message.output"]);
    const schema = { type: "object", properties: { city: { type: "string" }, temperature_c: { type: "number" }, sunny: { type: "boolean" } }, required: ["city"] };
    const structured = await start({ inputs: "weather report for Oslo", completion_args: { response_format: { type: "json_schema", json_schema: { name: "report", schema } } } });
    assert.deepEqual(JSON.parse(structured.outputs[0].content), { city: "Oslo", temperature_c: 21.5, sunny: true });
    const format = { response_format: { type: "json_schema", json_schema: { name: "report", schema } } };
    const called = await start({ inputs: "weather in Lima?", tools: [WEATHER], completion_args: format });
    const res = await post(`/v1/conversations/${called.conversation_id}`, {
      inputs: [{ type: "function.result", tool_call_id: called.outputs[0].tool_call_id, result: JSON.stringify({ city: "Lima", temperature_c: 19 }) }],
      completion_args: format,
    });
    assert.deepEqual(JSON.parse((await res.json()).outputs[0].content), { city: "Lima", temperature_c: 19, sunny: true }, "the result's values fill the answer");
    const story = await start({ inputs: "tell me a long story" });
    assert.ok(story.outputs[0].content.split(" ").length > 80, "a story long enough to cancel mid-stream");
  });

  it("greets with what to try, and refuses an unknown persona", async () => {
    const hello = await start({ inputs: "hello" });
    assert.match(hello.outputs[0].content, /^You said: “hello”\. I am the demo model/);
    await assert.rejects(() => startMockMistral({ persona: "nope" }), /unknown persona "nope"/);
  });
});
