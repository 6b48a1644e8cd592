// The chat: each message is a run of the SDK (`client.runStream`) with the
// demo's local function and the connected MCP servers' tools; the first
// message starts a conversation (with the chosen agent or the model), the
// next ones continue it (`conversation_id`). Tokens appear as they stream;
// Cancel aborts the run. A message sent after "Restart from here" (in the
// history) branches instead: `conversations.restartStream` from that entry.
import { $, h } from "./dom.js";
import { client, dropNextStream } from "./client.js";
import { errorView } from "./errors.js";
import { beginTurn, setToolKinds } from "./timeline.js";
import { readSchema } from "./schema.js";
import { emit, on, rememberConversation, state } from "./state.js";
import { weatherTool } from "./weather.js";
import { schemaEditor } from "./structured.js";

let running = null;
let branch = null;

function bubble(role, text = "", extra = "") {
  const el = h("li", { class: `bubble ${role} ${extra}`.trim(), dataset: { role } }, h("span", { class: "text" }, text));
  $("#transcript").append(el);
  el.scrollIntoView({ block: "nearest" });
  return el;
}

function note(el, text) {
  el.append(h("span", { class: "note" }, text));
}

function targetText() {
  if (state.conversationId) return `continuing ${state.conversationId}`;
  return state.agent ? `new chat with agent ${state.agent.name} (v${state.agent.version})` : `new chat with ${state.model}`;
}

function refreshTarget() {
  $("#chat-target").textContent = targetText();
}

function setRunning(controller) {
  running = controller;
  $("#send").disabled = Boolean(controller);
  $("#cancel").disabled = !controller;
}

/** The run's tools: the local function and every MCP server the chat uses; the names' kinds for the timeline. */
function runTools() {
  const servers = state.mcpForChat();
  const kinds = [["get_weather", { kind: "local", label: "local function" }]];
  for (const s of servers) for (const name of s.toolNames) kinds.push([name, { kind: "mcp", label: s.label }]);
  setToolKinds(kinds);
  return [weatherTool, ...servers.map((s) => s.client)];
}

/** What starts or continues the conversation. Server-side tools go only into a start. */
function runRequest(text, tools, outputSchema) {
  const base = { inputs: text, tools, maxTurns: 6, ...(outputSchema ? { outputSchema } : {}) };
  if (state.conversationId) return { ...base, conversation_id: state.conversationId };
  if (state.agent) return { ...base, agent_id: state.agent.id };
  return { ...base, model: state.model, tools: [{ type: "web_search" }, ...tools] };
}

async function send(text) {
  const structured = schemaEditor.enabled();
  let outputSchema = null;
  if (structured) {
    const read = readSchema(schemaEditor.text());
    if (read.error) {
      schemaEditor.flag(read.error);
      return;
    }
    outputSchema = read.schema;
  }
  if ($("#drop-stream").checked) {
    dropNextStream();
    $("#drop-stream").checked = false;
  }
  $("#chat-input").value = "";
  bubble("user", text);
  const answer = bubble("assistant", "", "streaming");
  const textEl = answer.querySelector(".text");
  const turn = beginTurn(text);
  const controller = new AbortController();
  setRunning(controller);
  const restart = branch;
  let outcome = "done";
  try {
    const api = client();
    const tools = runTools();
    const stream = restart
      ? await api.conversations.restartStream(
          restart.conversationId,
          { from_entry_id: restart.entryId, inputs: text, ...(outputSchema ? { completion_args: { response_format: { type: "json_schema", json_schema: { name: "output", schema: outputSchema, strict: true } } } } : {}) },
          { signal: controller.signal },
        )
      : await api.runStream({ ...runRequest(text, tools, outputSchema), signal: controller.signal });
    for await (const event of stream) {
      turn.event(event);
      if (event.type === "conversation.response.started" && event.conversation_id && event.conversation_id !== state.conversationId) {
        rememberConversation(event.conversation_id, restart ? `restarted from ${restart.entryId}` : "chat");
        state.conversationId = event.conversation_id;
        refreshTarget();
      } else if (event.type === "message.output.delta" && typeof event.content === "string") {
        textEl.textContent += event.content;
        answer.scrollIntoView({ block: "nearest" });
      } else if (event.type === "function.call.delta" && !answer.dataset.calledTools) {
        answer.dataset.calledTools = "yes";
      } else if (event.type === "run.done" && outputSchema && event.result.output != null) {
        answer.append(h("pre", { class: "structured" }, JSON.stringify(event.result.output, null, 2)));
      }
    }
    if (restart) {
      branch = null;
      showBranch();
    }
  } catch (error) {
    if (error?.name === "AbortError" && controller.signal.aborted) {
      outcome = "cancelled";
      answer.classList.add("cancelled");
      note(answer, "cancelled");
    } else {
      outcome = error;
      answer.append(errorView(error));
    }
  } finally {
    answer.classList.remove("streaming");
    if (!textEl.textContent && outcome === "done") textEl.textContent = "(no text: see the timeline)";
    turn.end(outcome);
    setRunning(null);
    emit("conversation", state.conversationId);
  }
}

function showBranch() {
  $("#branch-banner").hidden = !branch;
  if (branch) $("#branch-text").textContent = `Restarting from ${branch.label}: your next message starts a new branch (a new conversation).`;
}

/** Shows a stored conversation in the transcript: its messages and tool calls. */
function showEntries(entries) {
  $("#transcript").replaceChildren();
  for (const e of entries) {
    if (e.type === "message.input") bubble("user", typeof e.content === "string" ? e.content : JSON.stringify(e.content));
    else if (e.type === "message.output") bubble("assistant", typeof e.content === "string" ? e.content : (e.content ?? []).map((c) => c.text ?? "").join(""));
    else if (e.type === "function.call") bubble("tool", `${e.name}(${typeof e.arguments === "string" ? e.arguments : JSON.stringify(e.arguments)})`);
  }
}

function newChat() {
  if (running) running.abort();
  state.conversationId = null;
  branch = null;
  showBranch();
  $("#transcript").replaceChildren();
  refreshTarget();
  emit("conversation", null);
}

export function initChat(info) {
  $("#drop-label").hidden = info.upstream !== "mock";
  schemaEditor.init();
  refreshTarget();
  $("#chat-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("#chat-input").value.trim();
    if (text && !running) send(text);
  });
  $("#chat-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      $("#chat-form").requestSubmit();
    }
  });
  $("#cancel").addEventListener("click", () => running?.abort());
  $("#new-chat").addEventListener("click", newChat);
  $("#branch-cancel").addEventListener("click", () => {
    branch = null;
    showBranch();
  });
  on("agent", newChat);
  on("restart-from", ({ conversationId, entry, label, entries }) => {
    branch = { conversationId, entryId: entry.id, label };
    showEntries(entries);
    showBranch();
    $("#chat-input").focus();
  });
  on("switch-conversation", ({ id, entries }) => {
    if (running) return;
    state.conversationId = id;
    branch = null;
    showBranch();
    showEntries(entries);
    refreshTarget();
  });
}
