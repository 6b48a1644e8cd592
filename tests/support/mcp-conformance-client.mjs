#!/usr/bin/env node
// The client program the MCP conformance suite runs to judge the package's McpClient (tests/js/mcp-conformance.test.mjs
// drives it; tests/support/mcp-conformance.md explains the suite). It is the twin of mcp-reference-client.mjs, which
// does the same on the official SDK, so a scenario that one passes and this one fails points at our client, not at
// the program.
//
// Contract with the suite: spawned as `<command> <server-url>` with MCP_CONFORMANCE_SCENARIO (the scenario name),
// MCP_CONFORMANCE_PROTOCOL_VERSION (0.2.x always sets it; 0.1.x never does) and, for some scenarios,
// MCP_CONFORMANCE_CONTEXT (JSON: `toolCalls` to make verbatim, or OAuth credentials). The suite judges the traffic
// it saw; the exit code only says whether the client got connected.
//
// It knows no scenario by name: it calls every tool (with the context's `toolCalls` when given, else with arguments
// made from each input schema), reads every resource and gets every prompt, answers elicitation with the requested
// schema's defaults, sampling with a fixed message and roots with an empty list. OAuth comes from
// mcp-conformance-auth.mjs (used only when a server answers 401). Every error goes to stderr, which the suite keeps as
// stderr.txt per scenario.
import { McpClient } from '../../pkg/node.js';
import { elicitationContent, parseContext, toolArguments } from './mcp-conformance-args.mjs';
import { authOption } from './mcp-conformance-auth.mjs';

const serverUrl = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = parseContext(process.env.MCP_CONFORMANCE_CONTEXT, log);
// The revision the suite names is pinned; 0.1.16 names none, and then the client negotiates as it would against any
// server (a `server/discover` probe first, then `initialize`), which those scenarios must tolerate.
const pinnedRevision = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION || undefined;

function log(text) {
  console.error(`[${scenario}] ${text}`);
}


/** The error's class and the McpError fields that tell what went wrong, for stderr.txt. */
function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const fields = ['reason', 'code', 'method', 'status']
    .filter((name) => error[name] !== undefined)
    .map((name) => `${name}=${JSON.stringify(error[name])}`);
  return `${error.name}${fields.length ? ` (${fields.join(', ')})` : ''}: ${error.message}`;
}

async function attempt(label, action) {
  try {
    const result = await action();
    log(`${label}: ok`);
    return result;
  } catch (error) {
    log(`${label}: ${describeError(error)}`);
    return undefined;
  }
}

const client = new McpClient({
  url: serverUrl,
  auth: authOption(scenario, context, log),
  ...(pinnedRevision ? { protocolVersion: pinnedRevision } : {}),
  clientInfo: { name: 'mistral-edge-conformance-client', version: '0.0.0' },
  timeoutMs: 20_000,
  onElicit: async (params) => {
    log(`elicitation/create: ${params?.message ?? ''}`);
    return { action: 'accept', content: elicitationContent(params?.requestedSchema) };
  },
  onSample: async () => {
    log('sampling/createMessage');
    return {
      role: 'assistant',
      content: { type: 'text', text: 'mistral-edge conformance client sample' },
      model: 'mistral-edge-conformance-model',
      stopReason: 'endTurn',
    };
  },
  roots: async () => {
    log('roots/list');
    return [];
  },
  onProgress: (progress) => log(`progress ${JSON.stringify(progress)}`),
  onNotification: ({ method }) => log(`notification ${method}`),
});

try {
  await client.connect();
} catch (error) {
  log(`connect: ${describeError(error)}`);
  process.exit(1);
}
log(`connected: era=${client.era} protocolVersion=${client.protocolVersion}`);

const capabilities = client.capabilities ?? {};
if (capabilities.tools) {
  const listed = await attempt('tools/list', () => client.listTools());
  const tools = listed?.tools ?? [];
  const calls = Array.isArray(context.toolCalls)
    ? context.toolCalls
    : tools.map((tool) => ({ name: tool.name, arguments: toolArguments(tool, tools) }));
  for (const call of calls) {
    await attempt(`tools/call ${call.name}`, () => client.callTool(call.name, call.arguments));
  }
}
if (capabilities.resources) {
  const listed = await attempt('resources/list', () => client.listResources());
  for (const resource of listed?.resources ?? []) {
    await attempt(`resources/read ${resource.uri}`, () => client.readResource(resource.uri));
  }
}
if (capabilities.prompts) {
  const listed = await attempt('prompts/list', () => client.listPrompts());
  for (const prompt of listed?.prompts ?? []) {
    const args = Object.fromEntries((prompt.arguments ?? []).map((argument) => [argument.name, 'test']));
    await attempt(`prompts/get ${prompt.name}`, () => client.getPrompt(prompt.name, args));
  }
}
await attempt('close', () => client.close());
