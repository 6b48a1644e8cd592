// A program written against the package's public types; tests/types/check.mjs
// type-checks it (it is never run). It calls every method of the JS API with
// every option, narrows events, entries, chunks and cards by their tag, and
// tells every error class apart, so a declaration that drifts from the
// JS API contract or from the Rust models fails `tsc` here.

import {
  AbortError,
  AuthError,
  ApiError,
  ConnectionError,
  McpClient,
  McpError,
  Mistral,
  MistralError,
  RateLimitError,
  RunError,
  ready,
  StreamError,
  TimeoutError,
  ValidationError,
} from "mistral-edge";
import type {
  Agent,
  ChatMessage,
  CompletionChunk,
  Connector,
  ContentBlock,
  ConversationEvent,
  ConversationStream,
  ConversationTool,
  FunctionCallEntryArguments,
  InputEntry,
  MessageOutputContent,
  MistralOptions,
  ModelCard,
  OutputEntry,
  RequestOptions,
} from "mistral-edge";

const MODEL = "mistral-small-latest";

/** The text of a message, whichever form its content came in. */
function text(content: MessageOutputContent): string {
  if (typeof content === "string") return content;
  return content.map((chunk) => (chunk.type === "text" ? chunk.text : "")).join("");
}

function args(value: FunctionCallEntryArguments): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function onEvent(event: ConversationEvent): string {
  switch (event.type) {
    case "conversation.response.started":
      return event.conversation_id;
    case "message.output.delta": {
      const content = event.content;
      if (typeof content === "string") return content;
      return content.type === "tool_reference" ? content.title : "";
    }
    case "function.call.delta":
      return `${event.name}(${event.arguments}) ${event.confirmation_status ?? ""}`;
    case "tool.execution.started":
      return `${event.name} ${event.arguments ?? ""}`;
    case "tool.execution.delta":
      return event.arguments;
    case "tool.execution.done":
      return JSON.stringify(event.info ?? {});
    case "agent.handoff.started":
      return event.previous_agent_name;
    case "agent.handoff.done":
      return event.next_agent_name;
    case "conversation.response.error":
      return `${event.code}: ${event.message}`;
    case "conversation.response.done":
      return `${event.usage.total_tokens ?? 0} tokens`;
    default: {
      // A type this SDK version does not know: delivered as sent.
      const other: { type: string } = event;
      return other.type;
    }
  }
}

function onInput(entry: InputEntry): string {
  switch (entry.type) {
    case undefined:
    case "message.input":
      return typeof entry.content === "string" ? `${entry.role}: ${entry.content}` : `${entry.content.length} chunks`;
    case "message.output":
      return text(entry.content);
    case "function.call":
      return `${entry.tool_call_id} ${entry.name}(${args(entry.arguments)})`;
    case "function.result":
      return entry.result;
    case "tool.execution":
      return `${entry.name} ${JSON.stringify(entry.info ?? {})}`;
    case "agent.handoff":
      return `${entry.previous_agent_name} -> ${entry.next_agent_name}`;
    default:
      return "";
  }
}

function onOutput(entry: OutputEntry): InputEntry[] {
  if (entry.type === "function.call") {
    return [{ type: "function.result", tool_call_id: entry.tool_call_id, result: JSON.stringify({ ok: true }) }];
  }
  if (entry.type === "message.output") {
    return [{ role: "user", content: `You said: ${text(entry.content)}` }];
  }
  return [];
}

function onBlock(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `${block.mimeType}, ${block.data.length} base64 chars`;
    case "resource_link":
      return block.uri;
    case "resource": {
      // MCP objects may carry members this SDK does not know, so `"blob" in`
      // cannot tell the two kinds apart; the member's type can.
      const { blob, text } = block.resource;
      return typeof blob === "string" ? `${blob.length} base64 chars` : typeof text === "string" ? text : "";
    }
    default:
      return "";
  }
}

function onCard(card: ModelCard): string {
  if (card.type === "fine-tuned") return `${card.id} tuned from ${card.root} by ${card.job}`;
  return `${card.id} ${card.capabilities.function_calling ? "calls functions" : ""}`;
}

/** Every error class, told apart. */
function report(error: unknown): string {
  if (error instanceof RateLimitError) return `${error.name}: retry in ${error.retryAfterMs ?? "?"} ms`;
  if (error instanceof ApiError) {
    const detail = error.json === undefined ? error.body : JSON.stringify(error.json);
    return `${error.status} ${detail} (${error.requestId ?? error.headers["x-request-id"] ?? "no id"})`;
  }
  if (error instanceof ValidationError) {
    if (error.errors) return error.errors.map((e) => `${e.path}: ${e.message} [${e.type}]`).join("; ");
    return `${error.field ?? "?"}: expected ${error.expected ?? "?"} ${error.status ?? ""} ${error.requestId ?? ""}`;
  }
  if (error instanceof TimeoutError) return `${error.kind} timeout after ${error.timeoutMs} ms`;
  if (error instanceof AbortError) return "aborted";
  if (error instanceof ConnectionError) return `connection: ${error.message}`;
  if (error instanceof StreamError) return `stream: ${error.message}`;
  if (error instanceof RunError) {
    if (error.reason === "tool_failed") return `run: ${error.tool ?? "?"} failed after ${error.partial.turns} turns`;
    return `run ${error.reason}: ${error.partial.entries.length} entries`;
  }
  if (error instanceof McpError) {
    if (error.reason === "output_schema") return `MCP ${error.tool ?? "?"}: ${(error.violations ?? []).join("; ")}`;
    if (error.reason === "timeout") return `MCP ${error.method ?? "?"} after ${error.timeoutMs ?? 0} ms`;
    return `MCP ${error.reason ?? "?"} ${error.code ?? "?"}: ${JSON.stringify(error.data)}`;
  }
  if (error instanceof MistralError) return error.name;
  return String(error);
}

async function agents(client: Mistral, opts: RequestOptions): Promise<void> {
  const weather: ConversationTool = {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather of a city",
      strict: true,
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  };
  const agent: Agent = await client.agents.create(
    {
      model: MODEL,
      name: "helper",
      description: "Answers briefly",
      instructions: "Be brief.",
      tools: [
        weather,
        { type: "web_search" },
        { type: "web_search_premium", tool_configuration: { requires_confirmation: ["news_search"] } },
        { type: "code_interpreter" },
        { type: "image_generation" },
        { type: "document_library", library_ids: ["lib_1"] },
        { type: "connector", connector_id: "weather", authorization: { type: "api-key", value: "secret" } },
      ],
      completion_args: {
        temperature: 0.3,
        stop: ["\n\n"],
        response_format: { type: "json_object" },
        tool_choice: "auto",
        reasoning_effort: "low",
      },
      guardrails: [{ block_on_error: true, moderation_llm_v2: { action: "block" } }],
      handoffs: ["ag_other"],
      metadata: { team: "edge" },
      version_message: "first",
    },
    opts,
  );
  const all: Agent[] = await client.agents.list(
    {
      page: 0,
      page_size: 20,
      deployment_chat: false,
      sources: ["api", "playground"],
      name: "helper",
      search: "help",
      id: agent.id,
      metadata: { team: "edge" },
    },
    opts,
  );
  let page = await client.agents.listPages({ page_size: 10, deployment_chat: null, sources: ["api"] }, opts);
  while (page.next_page_token) {
    page = await client.agents.listPages({ name: "helper", search: null, id: null, metadata: null, page_token: page.next_page_token });
  }
  await client.agents.get(agent.id, { agent_version: 1 }, opts);
  await client.agents.get(agent.id, { agent_version: "production" });
  await client.agents.get(agent.id);
  const updated = await client.agents.update(agent.id, { instructions: null, name: "helper-2", tools: [] }, opts);
  await client.agents.updateVersion(agent.id, updated.version - 1, opts);
  const versions = await client.agents.listVersions(agent.id, { page: 0, page_size: 5 }, opts);
  await client.agents.getVersion(agent.id, versions.length, opts);
  await client.agents.getVersion(agent.id, "production");
  const alias = await client.agents.createOrUpdateAlias(agent.id, "production", agent.version, opts);
  const aliases = await client.agents.listAliases(agent.id, opts);
  await client.agents.deleteAlias(agent.id, alias.alias, opts);
  const gone: void = await client.agents.delete(agent.id, opts);
  console.log(all.length, aliases.map((a) => `${a.alias}=${a.version}`), gone);
}

async function conversations(client: Mistral, opts: RequestOptions): Promise<void> {
  const started = await client.conversations.start(
    {
      agent_id: "ag_1",
      agent_version: "production",
      inputs: "Hi",
      store: true,
      handoff_execution: "server",
      name: "greeting",
      description: "A test",
      metadata: { team: "edge" },
      stream: false,
    },
    opts,
  );
  const next = started.outputs.flatMap(onOutput);
  const id = started.conversation_id;
  console.log(started.usage.total_tokens, started.usage.connectors?.["weather"]);

  const stream: ConversationStream = await client.conversations.startStream(
    {
      model: MODEL,
      inputs: [
        { role: "user", content: "What is the weather in Paris?" },
        { type: "message.input", role: "user", content: [{ type: "text", text: "And in Lyon?" }] },
      ],
      instructions: "Use the tools.",
      tools: [{ type: "web_search" }],
      completion_args: { max_tokens: 200 },
      guardrails: [],
      stream: true,
    },
    opts,
  );
  for await (const event of stream) {
    console.log(onEvent(event));
    if (event.type === "message.output.delta" && event.output_index === 2) break;
  }
  const reader = stream.toReadableStream().getReader();
  const read = await reader.read();
  if (!read.done) console.log(onEvent(read.value));
  const final = await stream.finalResponse();
  console.log(final.conversation_id, final.outputs.length, final.usage.prompt_tokens);
  stream.abort();

  await client.conversations.append(id, { inputs: next, store: false, completion_args: { temperature: 0 } }, opts);
  const appended = await client.conversations.appendStream(
    id,
    { tool_confirmations: [{ tool_call_id: "call_1", confirmation: "allow" }], handoff_execution: "client" },
    opts,
  );
  for await (const event of appended) console.log(onEvent(event));
  await client.conversations.restart(id, { from_entry_id: "msg_1", inputs: "Again", agent_version: 2 }, opts);
  const restarted = await client.conversations.restartStream(
    id,
    { from_entry_id: "msg_1", inputs: "Again", metadata: null, stream: true },
    opts,
  );
  const events: ConversationEvent[] = [];
  for await (const event of restarted) events.push(event);

  const listed = await client.conversations.list({ page: 0, page_size: 10, metadata: { team: "edge" } }, opts);
  for (const c of listed) console.log("agent_id" in c ? `agent ${c.agent_id}` : `model ${c.model}`);
  const one = await client.conversations.get(id, opts);
  const history = await client.conversations.history(id, opts);
  const messages = await client.conversations.messages(id, opts);
  console.log(one.id, history.entries.map(onInput), messages.messages.map(onInput));
  const gone: void = await client.conversations.delete(id, opts);
  console.log(gone);
}

async function connectors(client: Mistral, opts: RequestOptions): Promise<void> {
  const connector: Connector = await client.connectors.create(
    {
      name: "weather",
      title: "Weather",
      description: "Forecasts",
      server: "https://mcp.example.com/mcp",
      visibility: "private",
      headers: { Authorization: "Bearer token" },
      global_headers: { "x-tenant": { value: "t1", is_secret: false } },
      auth_data: { client_id: "id", client_secret: "secret" },
      oauth2_server_metadata_url: "https://auth.example.com/.well-known/oauth-authorization-server",
      system_prompt: "Use metric units.",
    },
    opts,
  );
  const page = await client.connectors.list({ query_filters: { active: true }, cursor: null, page_size: 50 }, opts);
  console.log(page.items.length, page.pagination.next_cursor);
  for await (const c of client.connectors.listAll({ page_size: 100 }, opts)) console.log(c.name, c.visibility);
  for await (const c of client.connectors.listAll()) console.log(c.id);
  await client.connectors.get("weather", { fetch_user_data: true, fetch_customer_data: false }, opts);
  await client.connectors.update(
    connector.id,
    { description: "Forecasts and alerts", auth_methods: [{ method_type: "bearer", auth_direction: "outbound" }] },
    opts,
  );
  const tools = await client.connectors.listTools(
    "weather",
    { page: 1, page_size: 10, refresh: true, pretty: false, credentials_name: "default" },
    opts,
  );
  console.log(tools.length);
  const result = await client.connectors.callTool(
    "weather",
    "get_forecast",
    { arguments: { city: "Paris", days: 3 } },
    { credentials_name: "default" },
    opts,
  );
  console.log(result.content.map(onBlock), result.metadata?.mcp_meta?.isError);
  const auth = await client.connectors.getAuthUrl(
    "weather",
    {
      app_return_url: "https://app.example.com/done",
      method_type: "oauth2",
      credentials_name: "mine",
      credentials_title: "My account",
      github_installation_link: false,
    },
    opts,
  );
  const gone = await client.connectors.delete(connector.id, opts);
  console.log(auth.auth_url, auth.ttl, gone.message);
}

async function chat(client: Mistral, opts: RequestOptions): Promise<void> {
  const messages: ChatMessage[] = [
    { role: "system", content: "Be brief." },
    {
      role: "user",
      content: [
        { type: "text", text: "What is on this picture?" },
        { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
      ],
    },
  ];
  const completion = await client.chat.complete(
    {
      model: MODEL,
      messages,
      temperature: 0.2,
      max_tokens: 100,
      tools: [{ type: "function", function: { name: "describe", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "describe" } },
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
    },
    opts,
  );
  for (const choice of completion.choices) {
    if (!choice.message) continue;
    messages.push(choice.message);
    for (const call of choice.message.tool_calls ?? []) {
      messages.push({ role: "tool", tool_call_id: call.id ?? null, name: call.function.name, content: "{}" });
    }
  }
  const chunks = await client.chat.stream({ model: MODEL, messages, tool_choice: "none", stream: true }, opts);
  let answer = "";
  for await (const chunk of chunks) {
    const delta = chunk.choices[0]?.delta;
    if (typeof delta?.content === "string") answer += delta.content;
  }
  const more = await client.chat.stream({ model: MODEL, messages });
  const reader = more.toReadableStream().getReader();
  const first = await reader.read();
  const chunk: CompletionChunk | undefined = first.done ? undefined : first.value;
  more.abort();
  console.log(answer, chunk?.usage?.total_tokens);
}

async function models(client: Mistral, opts: RequestOptions): Promise<void> {
  const list = await client.models.list({ provider: "mistral", model: null }, opts);
  console.log(list.data.map(onCard));
  console.log(onCard(await client.models.retrieve(MODEL, opts)));
  const deleted = await client.models.delete("ft:open-mistral-7b:1", opts);
  console.log(deleted.id, deleted.deleted);
}


async function mcp(signal: AbortSignal): Promise<void> {
  const seen: string[] = [];
  const client = new McpClient({
    url: "http://127.0.0.1:8931/mcp",
    auth: { type: "bearer", token: "t" },
    headers: { "x-team": "edge" },
    fetch: (input, init) => fetch(input, init),
    timeoutMs: 5_000,
    protocolVersion: "2025-11-25",
    clientInfo: { name: "sample", version: "1.0.0" },
    onElicit: async (params) => (params.message ? { action: "accept", content: { ok: true } } : { action: "decline" }),
    onSample: () => ({ role: "assistant", content: { type: "text", text: "hi" }, model: "m", stopReason: "endTurn" }),
    roots: async () => [{ uri: "file:///work", name: "work" }],
    onProgress: (p) => seen.push(`${p.progressToken}: ${p.progress}/${p.total ?? "?"} ${p.message ?? ""}`),
    onNotification: (n) => seen.push(n.method),
  });
  new McpClient({ url: "http://127.0.0.1:8931/sse", auth: { type: "api_key", key: "k", header: "x-key" }, roots: [] });
  const kv = new Map<string, string>();
  const oauth = new McpClient({
    url: "https://mcp.example.com/mcp",
    auth: {
      type: "oauth",
      clientId: "pre-registered",
      clientMetadataUrl: "https://app.example.com/client.json",
      clientName: "sample",
      redirectUri: "https://app.example.com/callback",
      scope: "mcp:read",
      storage: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v), delete: async (k) => kv.delete(k) },
      onAuthorize: async (url) => (url.startsWith("https://") ? `https://app.example.com/callback?code=c&state=s` : undefined),
    },
  });
  new McpClient({ url: "https://mcp.example.com/mcp", auth: { type: "oauth", redirectUri: "https://a.example/cb", onAuthorize: () => {} } });
  new McpClient({ url: "https://mcp.example.com/mcp", auth: { type: "oauth2", client_id: "svc", client_secret: "s" } });
  try {
    await oauth.listTools();
  } catch (e) {
    if (e instanceof AuthError && e.reason === "authorization_pending") await oauth.finishAuth("https://app.example.com/callback?code=c&state=s");
    else if (e instanceof AuthError) console.log(e.reason, e.field, e.expected, e.got, e.status, e.error, e.description, e.advertised);
  }
  await client.connect();
  const era: "stateless" | "streamable" | "sse" | undefined = client.era;
  console.log(era, client.protocolVersion, client.serverInfo?.name, client.capabilities, client.instructions);
  const { tools } = await client.listTools({ signal });
  const result = await client.callTool(tools[0]?.name ?? "echo", { message: "hi" }, {
    signal,
    timeoutMs: 1_000,
    onProgress: (p) => console.log(p.progress),
  });
  console.log(result.isError, result.content.map((c) => c.type), result.structuredContent);
  const { resources } = await client.listResources();
  const { resourceTemplates } = await client.listResourceTemplates({ timeoutMs: 1_000 });
  console.log(resourceTemplates.map((t) => t.uriTemplate));
  const read = await client.readResource(resources[0]?.uri ?? "test://x", { signal });
  console.log(read.contents.length);
  await client.subscribeResource("test://x");
  await client.unsubscribeResource("test://x", { signal });
  const { prompts } = await client.listPrompts();
  const prompt = await client.getPrompt(prompts[0]?.name ?? "p", { name: "x" }, { timeoutMs: 1_000 });
  console.log(prompt.messages.length);
  const done = await client.complete({ type: "ref/prompt", name: "p" }, { name: "a", value: "x" }, { arguments: { b: "y" } });
  const done2 = await client.complete({ type: "ref/resource", uri: "test://{id}" }, { name: "id", value: "1" });
  console.log(done.completion.values, done2.completion.hasMore);
  await client.setLoggingLevel("warning");
  await client.ping({ signal });
  await client.close();
  console.log(String(client), seen);
}

async function runs(client: Mistral, mcp: McpClient, signal: AbortSignal): Promise<void> {
  const result = await client.run({
    model: "mistral-medium-latest",
    inputs: "Weather in Paris?",
    instructions: "Be brief.",
    completion_args: { temperature: 0.2 },
    tools: [
      {
        type: "function",
        function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
        execute: async (args, ctx) => ({ city: args.city, at: ctx.toolCallId, aborted: ctx.signal.aborted }),
        requiresConfirmation: true,
      },
      mcp,
      { mcp, include: ["echo"], exclude: ["get-env"] },
      { type: "mcp", config: { server_url: "https://mcp.example.com/mcp", auth: { type: "bearer", token: "t" }, timeout: 30 } },
      { type: "web_search" },
    ],
    maxTurns: 5,
    continueOnToolError: true,
    outputSchema: { type: "object" },
    signal,
    onConfirm: (call) => call.name !== "delete_all" && !call.server,
    maxConcurrency: 2,
    toolTimeoutMs: 5_000,
  });
  console.log(result.output_text, result.output, result.turns, result.usage, result.tool_names.map((n) => `${n.name}<-${n.original}`));
  if (result.pending) {
    const again = await client.run({
      resume: result.pending,
      confirmations: result.pending.calls.map((c) => ({ tool_call_id: c.tool_call_id, allow: !c.server })),
    });
    console.log(again.conversation_id, again.entries.length);
  }
  const next = await client.run({ conversation_id: result.conversation_id, inputs: "And in Rome?", tools: [mcp] });
  console.log(next.turns);
  const stream = await client.runStream({ agent_id: "ag_1", inputs: "Hi", tools: [] });
  for await (const event of stream) {
    if (event.type === "function.result") console.log(event.tool_call_id, event.is_error, event.result);
    else if (event.type === "run.done") console.log(event.result.output_text);
    else if (event.type === "message.output.delta") console.log(event.content);
  }
}

export async function main(): Promise<void> {
  await ready;
  const controller = new AbortController();
  const options: MistralOptions = {
    apiKey: "key",
    serverURL: "http://127.0.0.1:8080",
    fetch: (input, init) => fetch(input, init),
    timeoutMs: 30_000,
    idleTimeoutMs: 10_000,
    retry: { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 1_000 },
    headers: { "x-team": "edge" },
  };
  const client = new Mistral(options);
  console.log(String(new Mistral({ apiKey: "key", retry: false })), new Mistral().agents === client.agents);
  const opts: RequestOptions = {
    signal: controller.signal,
    timeoutMs: 5_000,
    idleTimeoutMs: 1_000,
    retry: false,
    headers: { "x-request": "1" },
  };
  try {
    await agents(client, opts);
    await conversations(client, { retry: { maxRetries: 0 } });
    await connectors(client, opts);
    await chat(client, opts);
    await models(client, opts);
    await mcp(controller.signal);
    await runs(client, new McpClient({ url: "http://127.0.0.1:1/mcp" }), controller.signal);
  } catch (error) {
    console.error(report(error));
  }
}
