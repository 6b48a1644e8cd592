// The demo page: asks the Worker what it runs (/api/info), then wires the
// panels. Everything the page calls goes to this origin: the Worker.
import { ready } from "mistral-edge";
import { $ } from "./dom.js";
import { showError } from "./errors.js";
import { wireKeySettings } from "./client.js";
import { initAgents } from "./agents.js";
import { initChat } from "./chat.js";
import { initHistory } from "./history.js";
import { initMcp } from "./mcp.js";
import { initWorkerRun } from "./worker-run.js";

const UPSTREAMS = { mock: "upstream: the mock Mistral API (local)", mistral: "upstream: api.mistral.ai" };

async function boot() {
  await ready;
  const info = await (await fetch("/api/info")).json();
  $("#upstream").textContent = UPSTREAMS[info.upstream] ?? "no upstream: the Worker has no API key";
  $("#upstream").dataset.upstream = info.upstream ?? "none";
  wireKeySettings();
  initChat(info);
  initHistory();
  initAgents();
  initMcp(info);
  initWorkerRun();
  document.body.dataset.ready = "true";
}

boot().catch((error) => {
  const box = $("#boot-error");
  box.hidden = false;
  showError(box, error, "Starting the page");
});
