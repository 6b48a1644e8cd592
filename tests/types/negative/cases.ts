// Lines that must not type-check, each ending with the code of the error tsc
// must report on it; tests/types/check.mjs fails when one of them passes,
// fails with another code, or when any other line fails. They show that the
// declarations reject what the SDK rejects (or what would break at run time).

import { ApiError, McpClient, Mistral } from "mistral-edge";
import type { Agent, ConversationEvent, MistralError, ModelCard, ToolExecutionInfo } from "mistral-edge";

declare const client: Mistral;
declare const event: ConversationEvent;
declare const card: ModelCard;
declare const error: MistralError;
declare const info: ToolExecutionInfo;
declare const agent: Agent;
declare const mcp: McpClient;

export async function cases(): Promise<void> {
  await client.run({ model: "m", inputs: "x", tools: [{ type: "function", function: { name: "f" } }] }); // error TS2322
  await client.run({ model: "m", inputs: "x", maxTurns: "5" }); // error TS2322
  new McpClient({ url: "http://x", auth: { type: "oauth2", client_id: "c", token: "t" } }); // error TS2353
  new McpClient({ url: "http://x", protocolVersion: "2025-01-01" }); // error TS2820
  new McpClient({ url: "http://x", auth: { type: "oauth", onAuthorize: () => undefined } }); // error TS2322
  new McpClient({ url: "http://x", auth: { type: "oauth", redirectUri: "http://x/cb", onAuthorize: () => 5 } }); // error TS2322
  await mcp.finishAuth(); // error TS2554
  await mcp.complete({ type: "ref/tool", name: "p" }, { name: "a", value: "x" }); // error TS2322
  await mcp.setLoggingLevel("verbose"); // error TS2345
  await client.conversations.start({ inputs: 5 }); // error TS2322
  await client.conversations.start({ agent_id: "ag_1" }); // error TS2345
  await client.conversations.start({ inputs: "Hi", stream: true }); // error TS2322
  await client.conversations.startStream({ inputs: "Hi", stream: false }); // error TS2322
  await client.conversations.appendStream("conv_1", { inputs: "Hi", stream: false }); // error TS2322
  await client.conversations.restart("conv_1", { inputs: "Hi" }); // error TS2345
  await client.conversations.start({ inputs: [{ role: "user", content: "Hi", type: "message.inpt" }] }); // error TS2820
  await client.agents.create({ model: "m", name: "n", tools: [{ type: "web_serch" }] }); // error TS2820
  await client.agents.create({ model: "m", name: "n", tools: [{ type: "document_library" }] }); // error TS2322
  await client.agents.create({ model: "m", name: "n", unknown_member: true }); // error TS2353
  await client.agents.updateVersion("ag_1", "2"); // error TS2345
  await client.chat.complete({ model: "m", messages: [], stream: true }); // error TS2322
  await client.chat.stream({ model: "m", messages: [], stream: false }); // error TS2322
  await client.chat.complete({ model: "m", messages: [{ role: "user", content: 1 }] }); // error TS2322
  await client.connectors.callTool("weather", "forecast", { arguments: "Paris" }); // error TS2322
  await client.agents.delete("ag_1", { signal: "stop" }); // error TS2322
  new Mistral({ retry: true }); // error TS2322
  new Mistral({ timeoutMs: "5s" }); // error TS2322
  if (event.type === "message.output.delat") console.log(event); // error TS2367
  console.log(event.content); // error TS2339
  if (event.type === "function.call.delta") console.log(event.content); // error TS2339
  console.log(card.job); // error TS2339
  if (error.name === "HttpError") console.log(error); // error TS2367
  if (error instanceof ApiError) console.log(error.retryAfterMs); // error TS2339
  for (const connector of client.connectors.listAll()) console.log(connector); // error TS2488
  const page = await client.connectors.listAll(); console.log(page.items); // error TS2339
  const seconds: number = info.duration; // error TS2322
  const description: string = agent.description; // error TS2322
  console.log(seconds, description);
}
