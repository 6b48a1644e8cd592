// The page's SDK clients. The page talks only to the Worker's origin: with
// the Worker's key (the default) it sends no key at all and the Worker adds
// its own; in "my own key" mode the typed key goes through the Worker to
// the API. `dropNextStream()` makes the next streamed call carry the mock's
// `reset_mid_stream` fault, so the upstream drops it mid-answer.
import { Mistral } from "mistral-edge";
import { $ } from "./dom.js";

let dropArmed = false;

export function dropNextStream() {
  dropArmed = true;
}

function ownKey() {
  const mode = document.querySelector('input[name="key-mode"]:checked')?.value;
  const key = $("#own-key").value.trim();
  return mode === "own" && key ? key : undefined;
}

function isStreamed(body) {
  const text = typeof body === "string" ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : "";
  return /"stream"\s*:\s*true/.test(text);
}

/** `fetch` that arms the fault on the first streamed call after `dropNextStream()`. */
function faultingFetch(input, init = {}) {
  if (dropArmed && isStreamed(init.body)) {
    dropArmed = false;
    const headers = new Headers(init.headers);
    headers.set("x-mock-fault", `kind=reset_mid_stream&after=8&key=drop-${crypto.randomUUID()}`);
    init = { ...init, headers };
  }
  return fetch(input, init);
}

/** A client for the current key mode. */
export function client() {
  const apiKey = ownKey();
  return new Mistral({ serverURL: location.origin, fetch: faultingFetch, ...(apiKey ? { apiKey } : {}) });
}

export function wireKeySettings() {
  for (const radio of document.querySelectorAll('input[name="key-mode"]')) {
    radio.addEventListener("change", () => {
      const own = radio.value === "own" && radio.checked;
      $("#own-key").disabled = !own;
      if (own) $("#own-key").focus();
    });
  }
}
