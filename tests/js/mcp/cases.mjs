// The MCP end-to-end cases, written once and run unchanged in Node, headless
// Chromium and workerd against real servers the runner starts on 127.0.0.1:
// server-everything over Streamable HTTP ("streamable") and over the
// 2024-11-05 HTTP+SSE transport ("sse"), and a 2026-07-28 server on the
// official v2 SDK ("modern"), plus the mock Mistral API ("mistral") for the
// run loop's MCP cases. A case is `{ name, run(ctx) }`; `ctx` comes
// from ./context.mjs. Nothing here imports the package or a Node module.

import { connectCases } from "./cases/connect.mjs";
import { toolCasesFor } from "./cases/tools.mjs";
import { clientFeatureCasesFor } from "./cases/client-features.mjs";
import { resourcePromptCasesFor } from "./cases/resources-prompts.mjs";
import { controlCasesFor } from "./cases/control.mjs";
import { sessionCases } from "./cases/sessions.mjs";
import { errorCases } from "./cases/errors.mjs";
import { modernCases } from "./cases/modern.mjs";
import { runCases } from "./cases/run.mjs";
import { authCases } from "./cases/auth.mjs";

const EVERYTHING_TRANSPORTS = ["streamable", "sse"];

export const cases = [
  ...connectCases,
  ...toolCasesFor(EVERYTHING_TRANSPORTS),
  ...clientFeatureCasesFor(EVERYTHING_TRANSPORTS),
  ...resourcePromptCasesFor(EVERYTHING_TRANSPORTS),
  ...controlCasesFor(EVERYTHING_TRANSPORTS),
  ...sessionCases,
  ...modernCases,
  ...errorCases,
  ...runCases,
  ...authCases,
];

const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
  names.add(c.name);
}

export { makeContext, runCase } from "./context.mjs";
