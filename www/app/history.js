// The conversation's history (`conversations.history`): every entry, with
// "Restart from here" to branch a new conversation from it, and the
// conversations of this session, to switch between branches.
import { $, brief, h } from "./dom.js";
import { client } from "./client.js";
import { showError } from "./errors.js";
import { emit, on, state } from "./state.js";

function entryText(e) {
  if (e.content !== undefined) return typeof e.content === "string" ? e.content : (e.content ?? []).map((c) => c.text ?? `[${c.type}]`).join("");
  if (e.type === "function.call") return `${e.name}(${typeof e.arguments === "string" ? e.arguments : JSON.stringify(e.arguments)})`;
  if (e.type === "function.result") return `→ ${e.result}`;
  if (e.type === "tool.execution") return `${e.name} ${e.arguments ?? ""}`;
  if (e.type === "agent.handoff") return `${e.previous_agent_name} → ${e.next_agent_name}`;
  return "";
}

function label(e) {
  return `${e.type}${e.role ? ` (${e.role})` : ""}`;
}

function renderBranches() {
  $("#branches").replaceChildren(
    ...state.conversations.map((c, i) =>
      h("li", {}, h("button", { type: "button", "aria-pressed": String(c.id === state.conversationId), onclick: () => open(c.id), dataset: { conversationId: c.id } }, `${i + 1}. ${c.id.slice(0, 18)}…`, h("br"), h("small", {}, c.label))),
    ),
  );
}

async function entriesOf(id) {
  return (await client().conversations.history(id)).entries;
}

async function open(id) {
  try {
    const entries = await entriesOf(id);
    emit("switch-conversation", { id, entries });
    render(id, entries);
  } catch (error) {
    showError($("#history-error"), error, "Opening the conversation");
  }
}

function render(id, entries) {
  renderBranches();
  $("#history").replaceChildren(
    ...entries.map((e, i) =>
      h(
        "li",
        { dataset: { entryId: e.id, type: e.type } },
        h("div", { class: "entry-head" }, h("span", { class: "tag" }, label(e)), h("button", { type: "button", class: "ghost small restart", onclick: () => emit("restart-from", { conversationId: id, entry: e, label: `entry ${i + 1} (${label(e)})`, entries: entries.slice(0, i + 1) }) }, "Restart from here")),
        h("span", { class: "entry-text" }, brief(entryText(e), 300)),
      ),
    ),
  );
}

async function refresh(id) {
  renderBranches();
  if (!id) {
    $("#history").replaceChildren(h("li", { class: "muted" }, "No conversation yet: send a message."));
    return;
  }
  try {
    render(id, await entriesOf(id));
    showError($("#history-error"), null);
  } catch (error) {
    showError($("#history-error"), error, "Reading the history");
  }
}

export function initHistory() {
  on("conversation", refresh);
  refresh(null);
}
