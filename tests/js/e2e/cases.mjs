// The end-to-end cases, written once and run unchanged in Node, headless
// Chromium and workerd. A case is `{ name, run(ctx) }`; `ctx` is built by
// ./context.mjs (`lib` = the package's exports, `serverURL` = the mock,
// `assert`, helpers). Nothing here imports the package or a Node module, so
// the same file loads in a page and in a Worker.

import { agentCases } from "./cases/agents.mjs";
import { conversationCases } from "./cases/conversations.mjs";
import { streamCases } from "./cases/streams.mjs";
import { connectorCases } from "./cases/connectors.mjs";
import { chatModelCases } from "./cases/chat-models.mjs";
import { errorCases } from "./cases/errors.mjs";
import { optionCases } from "./cases/options.mjs";
import { concurrencyCases } from "./cases/concurrency.mjs";
import { memoryCases } from "./cases/memory.mjs";
import { runCases } from "./cases/run.mjs";

export const cases = [
  ...chatModelCases,
  ...agentCases,
  ...conversationCases,
  ...streamCases,
  ...connectorCases,
  ...errorCases,
  ...optionCases,
  ...concurrencyCases,
  ...memoryCases,
  ...runCases,
];

const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
  names.add(c.name);
}

export { makeContext, runCase } from "./context.mjs";
