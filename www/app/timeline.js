// The timeline: one card per turn, one row per thing that happened in it,
// built from the run's events as they stream: built-in tool executions,
// function calls (local or MCP, with arguments and results), handoffs,
// token usage, and how the turn ended.
import { $, brief, h, pretty } from "./dom.js";
import { errorView } from "./errors.js";

let turnCount = 0;

/** Where a tool the model calls runs: `{ kind: "local" | "mcp", label }`, by the name the model used. */
const toolKinds = new Map();

export function setToolKinds(entries) {
  toolKinds.clear();
  for (const [name, kind] of entries) toolKinds.set(name, kind);
}

function kindOf(name) {
  return toolKinds.get(name) ?? { kind: "local", label: "local function" };
}

/** A turn being recorded; `event(e)` takes every event of the run or stream. */
export function beginTurn(prompt) {
  turnCount += 1;
  const steps = h("ol", { class: "steps" });
  const card = h("li", { class: "turn", dataset: { turn: turnCount } }, h("strong", {}, `Turn ${turnCount}: “${brief(prompt, 60)}”`), steps);
  $("#timeline").prepend(card);
  const calls = new Map();
  const executions = new Map();
  let modelTurns = 0;

  const add = (cls, kind, ...body) => {
    const row = h("li", { class: `step ${cls}`, dataset: { step: cls } }, h("span", { class: "kind" }, kind), ...body);
    steps.append(row);
    return row;
  };

  const callRow = (event) => {
    let call = calls.get(event.tool_call_id);
    if (!call) {
      const { kind, label } = kindOf(event.name);
      const args = h("pre", { class: "args" });
      const row = add(kind, `${kind === "mcp" ? "MCP tool" : "Local function"} ${event.name}`, h("span", { class: `tag ${kind}` }, label), h("span", { class: "muted" }, "arguments"), args);
      row.dataset.tool = event.name;
      call = { row, args, text: "", kind };
      calls.set(event.tool_call_id, call);
    }
    return call;
  };

  return {
    event(e) {
      switch (e.type) {
        case "conversation.response.started":
          modelTurns += 1;
          add("model", `Model turn ${modelTurns}`, h("span", { class: "muted" }, e.conversation_id ?? ""));
          break;
        case "function.call.delta": {
          const call = callRow(e);
          call.text += typeof e.arguments === "string" ? e.arguments : JSON.stringify(e.arguments ?? "");
          call.args.textContent = pretty(call.text);
          break;
        }
        case "function.result": {
          const call = calls.get(e.tool_call_id);
          const result = h("pre", { class: `result${e.is_error ? " failed" : ""}` }, pretty(e.result));
          const label = h("span", { class: "muted" }, e.is_error ? "error result" : "result");
          if (call) call.row.append(label, result);
          else add("local", "Function result", label, result);
          break;
        }
        case "tool.execution.started": {
          const row = add("builtin", `Built-in tool ${e.name}`, h("span", { class: "tag builtin" }, "ran on the server"), h("pre", {}, pretty(e.arguments ?? "{}")));
          executions.set(e.id, row);
          break;
        }
        case "tool.execution.done":
          executions.get(e.id)?.append(h("span", { class: "muted" }, "done"));
          break;
        case "agent.handoff.started":
          add("handoff", "Handoff", h("span", {}, `from ${e.previous_agent_name ?? e.previous_agent_id}`));
          break;
        case "agent.handoff.done":
          add("handoff", "Handoff done", h("span", {}, `to ${e.next_agent_name ?? e.next_agent_id}`));
          break;
        case "conversation.response.done": {
          const u = e.usage ?? {};
          add("usage", "Tokens", h("span", {}, `prompt ${u.prompt_tokens ?? "?"} · completion ${u.completion_tokens ?? "?"} · total ${u.total_tokens ?? "?"}`));
          break;
        }
        case "conversation.response.error":
          add("error", "Error event", h("span", {}, `${e.code ?? ""} ${e.message ?? ""}`));
          break;
        case "run.done": {
          // The run knows exactly which tool each name went to (renamed MCP tools included).
          for (const n of e.result.tool_names ?? []) {
            if (n.source?.kind !== "mcp") continue;
            for (const call of calls.values()) {
              if (call.row.dataset.tool === n.name && call.kind !== "mcp") call.row.classList.replace(call.kind, "mcp");
            }
          }
          const u = e.result.usage ?? {};
          add("usage", "Run done", h("span", {}, `${e.result.turns} model turn${e.result.turns === 1 ? "" : "s"}, ${u.total_tokens ?? "?"} tokens in all`));
          break;
        }
        default:
          break;
      }
    },
    /** The turn's end: `outcome` is "done", "cancelled", or an error. */
    end(outcome) {
      if (outcome === "cancelled") add("error", "Cancelled", h("span", {}, "the stream was aborted; the connection was released"));
      else if (outcome && outcome !== "done") add("error", "Failed", errorView(outcome));
    },
  };
}
