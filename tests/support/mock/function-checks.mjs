// The client's side of the function-calling protocol, checked on every
// append: each `function.result` answers exactly one open call of this
// conversation, no call is left without its result (or, for a server call
// waiting for approval, without its confirmation) once the client moves on,
// and `tool_confirmations` name calls that really wait for one. A run loop
// that breaks these rules would confuse the real model, so the mock records
// each break (`/_mock/stats` -> `functionResults.violations`) for tests to
// assert on, instead of failing the request the way the real API might.
import { validationError } from "./errors.mjs";

/**
 * The calls of `entries` by `tool_call_id`: `client` is true for a call the
 * client must answer with a `function.result` (one without a
 * `confirmation_status`), `pending` for one waiting for `tool_confirmations`.
 */
function ledger(entries) {
  const calls = new Map();
  for (const e of entries) {
    if (e.type === "function.call") {
      calls.set(e.tool_call_id, { client: e.confirmation_status == null, pending: e.confirmation_status === "pending", answered: false });
    } else if (e.type === "function.result") {
      const call = calls.get(e.tool_call_id);
      if (call) call.answered = true;
    }
  }
  return calls;
}

/**
 * The violations of an append of `inputs` (stored entries) and
 * `confirmations` (`tool_confirmations`) after `history`:
 * `[{ conversation_id, tool_call_id, problem: "unknown" | "duplicate" | "missing" }]`.
 */
export function functionResultViolations(conversationId, history, inputs, confirmations = []) {
  const calls = ledger(history);
  const open = [...calls].filter(([, c]) => (c.client && !c.answered) || c.pending).map(([id]) => id);
  const confirmed = new Set((confirmations ?? []).map((c) => c.tool_call_id));
  const violations = [];
  const record = (tool_call_id, problem) => violations.push({ conversation_id: conversationId, tool_call_id, problem });
  for (const input of inputs) {
    if (input.type === "function.call") {
      calls.set(input.tool_call_id, { client: true, pending: false, answered: false });
    } else if (input.type === "function.result") {
      const call = calls.get(input.tool_call_id);
      if (!call || !call.client) record(input.tool_call_id, "unknown");
      else if (call.answered) record(input.tool_call_id, "duplicate");
      else call.answered = true;
    }
  }
  if (inputs.length || confirmed.size) {
    for (const id of open) {
      const call = calls.get(id);
      if (call.pending ? !confirmed.has(id) : !call.answered) record(id, "missing");
    }
  }
  return violations;
}

/**
 * Applies `tool_confirmations` to `history`: each must name a call of it
 * that is still `pending` (else 422, naming the field). Returns the history
 * with those calls marked `allowed`/`denied` (as new objects: a restarted
 * conversation shares entry objects with its source) and the resolved calls.
 */
export function applyConfirmations(history, confirmations) {
  if (!confirmations?.length) return { history, resolved: [] };
  const byId = new Map();
  confirmations.forEach((c, i) => {
    const index = history.findLastIndex((e) => e.type === "function.call" && e.tool_call_id === c.tool_call_id);
    const loc = ["body", "tool_confirmations", i, "tool_call_id"];
    if (index < 0) throw validationError([{ type: "value_error", loc, msg: "Value error, no function call of this conversation has this tool_call_id", input: c.tool_call_id }]);
    if (history[index].confirmation_status !== "pending" || byId.has(c.tool_call_id)) {
      throw validationError([{ type: "value_error", loc, msg: "Value error, this function call is not waiting for a confirmation", input: c.tool_call_id }]);
    }
    byId.set(c.tool_call_id, { index, allowed: c.confirmation === "allow" });
  });
  const updated = [...history];
  const resolved = [];
  for (const { index, allowed } of byId.values()) {
    updated[index] = { ...history[index], confirmation_status: allowed ? "allowed" : "denied" };
    resolved.push({ call: updated[index], allowed });
  }
  return { history: updated, resolved };
}
