#!/usr/bin/env node
// A reference MCP client for the conformance suite (@modelcontextprotocol/conformance), built on the official v2
// TypeScript SDK. It exists to show the suite runs here and what an SDK client scores, as the baseline the project's
// own client program is compared with; see tests/support/mcp-conformance.md.
//
// Contract with the suite: it is spawned as `<command> <server-url>` with MCP_CONFORMANCE_SCENARIO set to the
// scenario name, MCP_CONFORMANCE_PROTOCOL_VERSION to the revision to speak (0.2.x always sets it; 0.1.x never does,
// which means 2025-11-25) and, for some auth scenarios, MCP_CONFORMANCE_CONTEXT to a JSON object of credentials.
// Exit code 0 means the client finished; the suite judges what it saw on the wire.
//
// It knows no scenario by name: it exercises everything a server offers — every resource read, every prompt fetched,
// every tool called, with the arguments MCP_CONFORMANCE_CONTEXT's `toolCalls` prescribes when present and otherwise
// with arguments made from the tool's input schema (an object argument named `schema` gets another tool's input
// schema, verbatim, which is what the schema-preservation scenarios echo back) — answers elicitation from the
// requested schema's defaults, sampling with a fixed message and roots with an empty list. It does no OAuth, so the
// auth/* scenarios fail by design.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { elicitationContent, parseContext, toolArguments } from './mcp-conformance-args.mjs';

const serverUrl = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = parseContext(process.env.MCP_CONFORMANCE_CONTEXT, (text) => console.error(`[${scenario}] ${text}`));
const revision = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';
const STATELESS_REVISIONS = new Set(['2026-07-28']);


async function attempt(label, action) {
  try {
    return await action();
  } catch (error) {
    console.error(`[${scenario}] ${label}: ${error?.message ?? error}`);
    return undefined;
  }
}

const client = new Client(
  { name: 'mistral-edge-reference-client', version: '0.0.0' },
  {
    versionNegotiation: STATELESS_REVISIONS.has(revision) ? { mode: { pin: revision } } : { mode: 'legacy' },
    capabilities: { elicitation: { form: {} }, sampling: {}, roots: { listChanged: false } },
  },
);
client.setRequestHandler('elicitation/create', async (request) => ({
  action: 'accept',
  content: elicitationContent(request.params?.requestedSchema),
}));
client.setRequestHandler('sampling/createMessage', async () => ({
  role: 'assistant',
  content: { type: 'text', text: 'reference client sample' },
  model: 'reference-model',
  stopReason: 'endTurn',
}));
client.setRequestHandler('roots/list', async () => ({ roots: [] }));

try {
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl)));
} catch (error) {
  console.error(`[${scenario}] connect: ${error?.message ?? error}`);
  process.exit(1);
}

const capabilities = client.getServerCapabilities() ?? {};
if (capabilities.tools) {
  const listed = await attempt('tools/list', () => client.listTools());
  const tools = listed?.tools ?? [];
  const calls = Array.isArray(context.toolCalls)
    ? context.toolCalls
    : tools.map((tool) => ({ name: tool.name, arguments: toolArguments(tool, tools) }));
  for (const call of calls) {
    await attempt(`tools/call ${call.name}`, () => client.callTool({ name: call.name, arguments: call.arguments }));
  }
}
if (capabilities.resources) {
  const listed = await attempt('resources/list', () => client.listResources());
  for (const resource of listed?.resources ?? []) {
    await attempt(`resources/read ${resource.uri}`, () => client.readResource({ uri: resource.uri }));
  }
}
if (capabilities.prompts) {
  const listed = await attempt('prompts/list', () => client.listPrompts());
  for (const prompt of listed?.prompts ?? []) {
    const args = Object.fromEntries((prompt.arguments ?? []).map((argument) => [argument.name, 'test']));
    await attempt(`prompts/get ${prompt.name}`, () => client.getPrompt({ name: prompt.name, arguments: args }));
  }
}
await attempt('close', () => client.close());
