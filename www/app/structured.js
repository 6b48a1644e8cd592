// The structured-output toggle and its JSON Schema editor: the schema is
// checked as it is typed, and a bad one is shown inline (and blocks
// sending) with the place of the problem.
import { $ } from "./dom.js";
import { DEFAULT_SCHEMA, readSchema } from "./schema.js";

function status(text, ok) {
  const el = $("#schema-status");
  el.textContent = text;
  el.className = `schema-status ${ok ? "ok" : "bad"}`;
}

function recheck() {
  const { error } = readSchema($("#schema").value);
  if (error) status(error, false);
  else status("✓ a valid schema: the answer will be JSON matching it", true);
  return !error;
}

export const schemaEditor = {
  init() {
    $("#schema").value = JSON.stringify(DEFAULT_SCHEMA, null, 2);
    $("#structured").addEventListener("change", () => {
      $("#schema-box").hidden = !$("#structured").checked;
      if ($("#structured").checked) recheck();
    });
    $("#schema").addEventListener("input", recheck);
  },
  enabled: () => $("#structured").checked,
  text: () => $("#schema").value,
  /** Shows why the schema cannot be sent. */
  flag(error) {
    status(`${error} (not sent)`, false);
    $("#schema").focus();
  },
};
