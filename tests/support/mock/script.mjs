// Scripted turns: tests queue exactly what the "model" answers, turn by
// turn, under a key (`POST /_mock/script`), and conversations started with
// `x-mock-script: <key>` take them in order. This file checks a script
// before it is queued (a typo in a test must fail loudly at queue time, not
// turn into an odd answer three turns later) and turns a scripted turn into
// the entries the API would send. The contract is in scripted-model.mjs.
import { MockHttpError } from "./errors.mjs";

const OUTPUT_TYPES = ["function.call", "message", "tool.execution", "agent.handoff", "confirmation_pending"];
const USAGE_FIELDS = ["prompt_tokens", "completion_tokens", "total_tokens", "connector_tokens"];
const MAX_KEY = 200;

function fail(path, msg) {
  throw new MockHttpError(400, `${path}: ${msg}`, { type: "mock_script_error" });
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function nonEmptyString(value, path) {
  if (typeof value !== "string" || value === "") fail(path, "must be a non-empty string");
}

function optionalString(value, path) {
  if (value !== undefined) nonEmptyString(value, path);
}

/** A scripted `arguments`: a string is kept verbatim, an object is JSON-encoded. */
function argumentsText(value, path) {
  if (value === undefined) return "{}";
  if (typeof value === "string") return value;
  if (isObject(value)) return JSON.stringify(value);
  fail(path, "must be a string (sent verbatim) or an object (JSON-encoded)");
}

function checkOutput(output, path) {
  if (!isObject(output)) fail(path, "must be an object");
  if (!OUTPUT_TYPES.includes(output.type)) fail(`${path}.type`, `must be one of ${OUTPUT_TYPES.join(", ")}`);
  switch (output.type) {
    case "function.call":
    case "confirmation_pending":
      nonEmptyString(output.name, `${path}.name`);
      optionalString(output.tool_call_id, `${path}.tool_call_id`);
      return { type: output.type, name: output.name, arguments: argumentsText(output.arguments, `${path}.arguments`), tool_call_id: output.tool_call_id };
    case "message":
      if (typeof output.text !== "string") fail(`${path}.text`, "must be a string");
      return { type: "message", text: output.text };
    case "tool.execution":
      nonEmptyString(output.name, `${path}.name`);
      return { type: "tool.execution", name: output.name, arguments: argumentsText(output.arguments, `${path}.arguments`) };
    case "agent.handoff":
      nonEmptyString(output.next_agent_id, `${path}.next_agent_id`);
      optionalString(output.next_agent_name, `${path}.next_agent_name`);
      return { type: "agent.handoff", next_agent_id: output.next_agent_id, next_agent_name: output.next_agent_name };
    default:
      return fail(`${path}.type`, "unreachable");
  }
}

function checkTurn(turn, path) {
  if (!isObject(turn)) fail(path, "must be an object");
  if (!Array.isArray(turn.outputs) || !turn.outputs.length) fail(`${path}.outputs`, "must be a non-empty array");
  const outputs = turn.outputs.map((o, i) => checkOutput(o, `${path}.outputs[${i}]`));
  const handoff = outputs.findIndex((o) => o.type === "agent.handoff");
  // `handoff_execution: "client"`: the turn ends at the handoff.
  if (handoff >= 0 && handoff !== outputs.length - 1) fail(`${path}.outputs[${handoff}]`, "an agent.handoff must be the turn's last output");
  const ids = outputs.map((o) => o.tool_call_id).filter(Boolean);
  if (new Set(ids).size !== ids.length) fail(`${path}.outputs`, "tool_call_id values must be unique within a turn");
  let usage;
  if (turn.usage !== undefined) {
    if (!isObject(turn.usage)) fail(`${path}.usage`, "must be an object");
    usage = {};
    for (const [k, v] of Object.entries(turn.usage)) {
      if (!USAGE_FIELDS.includes(k)) fail(`${path}.usage.${k}`, `unknown field (allowed: ${USAGE_FIELDS.join(", ")})`);
      if (!Number.isInteger(v) || v < 0) fail(`${path}.usage.${k}`, "must be a non-negative integer");
      usage[k] = v;
    }
  }
  return { outputs, usage };
}

/** The body of `POST /_mock/script`, checked: `{ key, turns }`. */
export function parseScript(body) {
  if (!isObject(body)) fail("body", "must be a JSON object { key, turns }");
  nonEmptyString(body.key, "key");
  if (body.key.length > MAX_KEY) fail("key", `must be at most ${MAX_KEY} characters`);
  if (!Array.isArray(body.turns)) fail("turns", "must be an array");
  return { key: body.key, turns: body.turns.map((t, i) => checkTurn(t, `turns[${i}]`)) };
}

/** Scripted turns by key, consumed first in, first out. */
export class ScriptQueues {
  constructor() {
    this.queues = new Map();
  }

  /** Queues `turns` after those already waiting; returns how many wait now. */
  push(key, turns) {
    const queue = this.queues.get(key) ?? [];
    queue.push(...turns);
    this.queues.set(key, queue);
    return queue.length;
  }

  /** The next turn of `key`, or null when none is queued (or no key). */
  take(key) {
    if (!key) return null;
    const queue = this.queues.get(key);
    if (!queue?.length) return null;
    const turn = queue.shift();
    if (!queue.length) this.queues.delete(key);
    return turn;
  }

  /** `{ key: turns still queued }`, for `/_mock/stats`. */
  toJSON() {
    return Object.fromEntries([...this.queues].map(([k, q]) => [k, q.length]));
  }
}
