// Agents: the list (pick one to chat with, or none for the plain model),
// a form to create one (with the built-in web search and the demo's local
// function as tools), and for the picked one an editor that saves a new
// version, and its versions, any of which can be made the current one.
import { $, h } from "./dom.js";
import { client } from "./client.js";
import { showError } from "./errors.js";
import { emit, on, state } from "./state.js";
import { weatherDefinition } from "./weather.js";

let agents = [];

function fail(error, context) {
  showError($("#agents-error"), error, context);
}

function pick(agent) {
  state.agent = agent;
  render();
  emit("agent", agent);
  showEditor();
}

function render() {
  const list = $("#agent-list");
  const item = (agent, label, detail) =>
    h("li", {}, h("button", { type: "button", "aria-pressed": String((state.agent?.id ?? null) === (agent?.id ?? null)), onclick: () => pick(agent), dataset: { agentId: agent?.id ?? "" } }, label, h("br"), h("small", {}, detail)));
  list.replaceChildren(
    item(null, `No agent: ${state.model}`, "the model with web_search, get_weather and MCP tools"),
    ...agents.map((a) => item(a, a.name, `${a.model} · v${a.version} · ${a.tools.map((t) => t.function?.name ?? t.type).join(", ") || "no tools"}`)),
  );
}

async function load() {
  try {
    agents = await client().agents.list({ page_size: 50 });
    if (state.agent) state.agent = agents.find((a) => a.id === state.agent.id) ?? state.agent;
    fail(null);
  } catch (error) {
    fail(error, "Listing agents");
  }
  render();
}

async function showEditor() {
  const agent = state.agent;
  $("#agent-editor").hidden = !agent;
  if (!agent) return;
  $("#agent-editing").textContent = agent.name;
  $("#agent-edit-form").elements.instructions.value = agent.instructions ?? "";
  try {
    const versions = await client().agents.listVersions(agent.id, { page_size: 50 });
    const current = (await client().agents.get(agent.id)).version;
    fail(null);
    $("#agent-versions").replaceChildren(
      ...versions
        .sort((a, b) => b.version - a.version)
        .map((v) =>
          h(
            "li",
            { class: v.version === current ? "current" : "", dataset: { version: v.version } },
            h("span", {}, `v${v.version}`, h("small", {}, ` ${v.version_message ?? (v.version === 0 ? "created" : "")}`)),
            v.version === current ? h("small", {}, "current") : h("button", { type: "button", class: "ghost small", onclick: () => makeCurrent(v.version) }, "Make current"),
          ),
        ),
    );
  } catch (error) {
    fail(error, "Listing versions");
  }
}

async function makeCurrent(version) {
  try {
    state.agent = await client().agents.updateVersion(state.agent.id, version);
    await load();
    await showEditor();
    emit("agent", state.agent);
  } catch (error) {
    fail(error, "Switching version");
  }
}

async function create(form) {
  const tools = [];
  if (form.elements.web_search.checked) tools.push({ type: "web_search" });
  if (form.elements.get_weather.checked) tools.push(weatherDefinition);
  try {
    const agent = await client().agents.create({
      name: form.elements.name.value.trim(),
      model: form.elements.model.value,
      instructions: form.elements.instructions.value.trim() || null,
      tools,
    });
    fail(null);
    agents.unshift(agent);
    $("#agent-create").open = false;
    pick(agent);
  } catch (error) {
    fail(error, "Creating the agent");
  }
}

async function save(form) {
  try {
    const updated = await client().agents.update(state.agent.id, {
      instructions: form.elements.instructions.value.trim() || null,
      version_message: form.elements.version_message.value.trim() || null,
    });
    form.elements.version_message.value = "";
    state.agent = updated;
    fail(null);
    await load();
    await showEditor();
    emit("agent", updated);
  } catch (error) {
    fail(error, "Saving the agent");
  }
}

export function initAgents() {
  $("#agent-form").addEventListener("submit", (e) => {
    e.preventDefault();
    create(e.currentTarget);
  });
  $("#agent-edit-form").addEventListener("submit", (e) => {
    e.preventDefault();
    save(e.currentTarget);
  });
  // A run in agent mode adds a version (the run's tools): show it.
  on("conversation", () => {
    if (state.agent) showEditor();
  });
  load();
}
