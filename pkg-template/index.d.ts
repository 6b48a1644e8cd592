// Types of the `mistral-edge` entry points (browser, Node, workerd).
//
// Data objects (request bodies, results, stream events) are the wire JSON of
// Mistral's API, snake_case as in its reference. Their types are generated
// from the crate's Rust models (tsify and the models' own macros) into
// ./web/mistral_edge.d.ts when the package is built, and re-exported here;
// this file declares only the classes, functions and SDK options.
//
// Members that the server may add later are not in the unions: an event,
// entry, chunk or tool of a `type` this version does not know is delivered
// as sent, so code that switches on `type` should keep a default branch.

import type {
  Agent,
  AgentAliasResponse,
  AgentListPage,
  AgentVersion,
  AuthUrlResponse,
  ChatCompletionRequest,
  ChatCompletionResponse,
  CompletionChunk,
  Connector,
  ConnectorCallToolRequest,
  ConnectorsQueryFilters,
  ConnectorToolCallResponse,
  ConnectorToolList,
  Conversation,
  ConversationAppendRequest,
  ConversationAppendStreamRequest,
  ConversationEvent,
  ConversationHistory,
  ConversationMessages,
  ConversationRequest,
  ConversationResponse,
  ConversationRestartRequest,
  ConversationRestartStreamRequest,
  ConversationStreamRequest,
  ConversationTool,
  ConversationInputs,
  CompletionArgs,
  ConversationUsageInfo,
  InputEntry,
  CreateAgentRequest,
  CreateConnectorRequest,
  DeleteModelResponse,
  MessageResponse,
  MetadataDict,
  ModelCard,
  ModelList,
  OutboundAuthenticationType,
  PaginatedConnectors,
  RequestSource,
  UpdateAgentRequest,
  UpdateConnectorRequest,
} from "./web/mistral_edge.js";
import type { JsonObject, JsonValue } from "./web/mistral_edge.js";

// Every data type, so that callers can name them:
// `import type { ConversationEvent } from "mistral-edge"`.
export type {
  Agent, AgentAliasResponse, AgentConversation, AgentHandoffDoneEvent, AgentHandoffEntry, AgentHandoffStartedEvent,
  AgentListPage, AgentVersion, Annotations, APIKeyAuth, AssistantMessage, AudioChunk, AudioContent, AuthData,
  AuthDirection, AuthenticationConfiguration, AuthenticationMethodCreateOrUpdateRequest, AuthMethodType, AuthStatus,
  AuthUrlResponse, BaseModelCard, BlobResourceContents, BuiltInConnectors, CardPrompts, CardResources, CardTools,
  ChatCompletionChoice, ChatCompletionRequest, ChatCompletionResponse, ChatMessage, ChatToolChoice,
  ClientCapabilities, ClientTasksCapability, ClientTasksRequestsCapability, CodeInterpreterTool, CompletionArgs,
  CompletionArgsStop, CompletionChunk, CompletionEvent, CompletionResponseStreamChoice, CompletionsCapability,
  Confirmation, ConfirmationRule, ConfirmationStatus, ConnectionConfigType, ConnectionPreference, Connector,
  ConnectorAuthenticationHeader, ConnectorAuthorization, ConnectorCallToolRequest, ConnectorLocale,
  ConnectorProtocol, ConnectorsQueryFilters, ConnectorSupportedLanguage, ConnectorTool, ConnectorToolCallMetadata,
  ConnectorToolCallResponse, ConnectorToolList, ConnectorToolLocale, ConnectorToolResultMetadata, ConsumerType,
  ContentBlock, ContentChunk, Conversation, ConversationAppendRequest, ConversationAppendStreamRequest,
  ConversationEvent, ConversationEvents, ConversationHistory, ConversationInputs, ConversationMessages,
  ConversationRequest, ConversationResponse, ConversationRestartRequest, ConversationRestartStreamRequest,
  ConversationStreamRequest, ConversationTool, ConversationUsageInfo, CreateAgentRequest, CreateConnectorRequest,
  CredentialsStatus, CredentialsStatusErrorReason, CustomConnector, DeleteModelResponse, DeltaMessage,
  DocumentLibraryTool, DocumentURLChunk, ElicitationCapability, EmbeddedResource, ExecutionConfig, ExecutionTool,
  ExperimentalCapabilities, ExtendedOAuthServerMetadata, FileChunk, FinishReason, FormElicitationCapability,
  FTModelCard, FunctionCall, FunctionCallEntry, FunctionCallEntryArguments, FunctionCallEvent, FunctionDefinition,
  FunctionName, FunctionResultEntry, FunctionTool, GlobalHeaders, GlobalHeaderValue, GuardrailConfig,
  HandoffExecution, HTTPStatus, ImageContent, ImageDetail, ImageGenerationTool, ImageSource, ImageURL,
  ImageURLChunk, InboundAuthenticationType, InputEntries, InputEntry, JsonObject, JsonSchema, JsonValue,
  LocalizedText, LoggingCapability, LogicalExpression, LogicalOperator, MarkerCapability, MCPPrompt, McpProtocol,
  MCPResource, MCPServerAuthenticationRequirement, MCPServerCard, MCPServerCardMeta, MCPServerCardTool,
  MCPServerIcon, MCPServerRemote, MCPServerRemoteHeader, MCPServerRepository, MCPSupportedLanguage, MCPTool,
  MCPToolMeta, MCPUIToolMeta, McpUiVisibility, MessageContent, MessageEntries, MessageEntry, MessageInputContent,
  MessageInputContentChunk, MessageInputContentChunks, MessageInputEntry, MessageOutputContent,
  MessageOutputContentChunks, MessageOutputEntry, MessageOutputEvent, MessageOutputEventContent, MessageResponse,
  MetadataDict, MistralPromptMode, ModelCapabilities, ModelCard, ModelConversation, ModelList, ModerationLLMAction,
  ModerationLLMV1CategoryThresholds, ModerationLLMV1Config, ModerationLLMV2CategoryThresholds,
  ModerationLLMV2Config, Oauth2MetadataSecrets, OAuth2TokenAuth, OAuthMetadataSource, ObjectType,
  OutboundAuthenticationType, OutputContentChunks, OutputEntry, PaginatedConnectors, PaginationResponse, Prediction,
  PredictionType, PromptArgument, PromptsCapability, PublicAuthenticationMethod, PublicConnectionConfig,
  PublicConnectorExecutionData, PublicExecutionConnectionConfig, PublicExecutionConnector, PublicExecutionEnv,
  PublicResourceVisibility, ReasoningEffort, ReferenceChunk, ReferenceId, RemoteTransport, RequestedServiceTier,
  RequestSource, ResourceContents, ResourceLink, ResourcesCapability, ResourceVisibility, ResponseDoneEvent,
  ResponseErrorEvent, ResponseFormat, ResponseFormats, ResponseStartedEvent, Role, RootsCapability,
  SamplingCapability, SamplingContextCapability, SamplingToolsCapability, SecretHeaders, ServerCapabilities,
  ServerLocale, ServerTasksCapability, ServerTasksRequestsCapability, SSETypes, StreamFlag, SystemMessage,
  SystemMessageContent, SystemMessageContentChunks, TasksCallCapability, TasksCancelCapability,
  TasksCreateElicitationCapability, TasksCreateMessageCapability, TasksElicitationCapability, TasksListCapability,
  TasksSamplingCapability, TasksToolsCapability, TaskSupport, TextChunk, TextContent, TextResourceContents,
  ThinkChunk, ThinkContentChunk, ToolAnnotations, ToolCall, ToolCallConfirmation, ToolChoice, ToolChoiceEnum,
  ToolConfiguration, ToolExecution, ToolExecutionConfiguration, ToolExecutionDeltaEvent, ToolExecutionDoneEvent,
  ToolExecutionEntry, ToolExecutionInfo, ToolExecutionStartedEvent, ToolFileChunk, ToolMessage, ToolProperties,
  ToolReferenceChunk, ToolsCapability, ToolType, ToolTypes, TurbineMeta, TurbineToolLocale, TurbineToolMeta,
  UpdateAgentRequest, UpdateConnectorRequest, UrlElicitationCapability, UsageInfo, UserMessage,
  WebSearchPremiumTool, WebSearchTool,
} from "./web/mistral_edge.js";

/** Resolves once the WebAssembly module is ready; already resolved in Node and workerd. */
export declare const ready: Promise<void>;

// ---------------------------------------------------------------------------
// Options

/** How failed calls are retried (exponential backoff with jitter; `Retry-After` is honoured). */
export interface RetryOptions {
  maxRetries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** `fetch` as the SDK calls it: with the URL and a `RequestInit`. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** `new Mistral(options)`. */
export interface MistralOptions {
  apiKey?: string;
  /** Defaults to `https://api.mistral.ai`. */
  serverURL?: string;
  /** Used instead of the global `fetch` (a Workers service binding, a test double). */
  fetch?: FetchFunction;
  /** Milliseconds before a call fails with a `TimeoutError` of kind `total`. */
  timeoutMs?: number;
  /** Milliseconds without response body data before a `TimeoutError` of kind `idle`. */
  idleTimeoutMs?: number;
  /** `false` turns retries off. */
  retry?: false | RetryOptions;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

/** The optional last argument of every method; overrides the client's options for one call. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  retry?: false | RetryOptions;
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------------------
// Query parameters (names as in Mistral's API reference)

export interface ListAgentsParams {
  /** 0-based. */
  page?: number | null;
  /** 1 to 1000. */
  page_size?: number | null;
  deployment_chat?: boolean | null;
  sources?: RequestSource[] | null;
  name?: string | null;
  search?: string | null;
  id?: string | null;
  metadata?: MetadataDict | null;
}

export interface ListAgentPagesParams {
  /** 1 to 1000. */
  page_size?: number | null;
  deployment_chat?: boolean | null;
  sources?: RequestSource[] | null;
  name?: string | null;
  search?: string | null;
  id?: string | null;
  metadata?: MetadataDict | null;
  /** `next_page_token` of the previous page. */
  page_token?: string | null;
}

export interface GetAgentParams {
  /** A version number or an alias. */
  agent_version?: AgentVersion | null;
}

export interface ListAgentVersionsParams {
  page?: number | null;
  /** 1 to 100. */
  page_size?: number | null;
}

export interface ListConversationsParams {
  page?: number | null;
  page_size?: number | null;
  metadata?: MetadataDict | null;
}

export interface ListConnectorsParams {
  query_filters?: ConnectorsQueryFilters | null;
  /** `pagination.next_cursor` of the previous page. */
  cursor?: string | null;
  /** 1 to 1000. */
  page_size?: number | null;
}

export interface GetConnectorParams {
  fetch_user_data?: boolean | null;
  fetch_customer_data?: boolean | null;
}

export interface ListConnectorToolsParams {
  /** 1-based. */
  page?: number | null;
  page_size?: number | null;
  refresh?: boolean | null;
  pretty?: boolean | null;
  credentials_name?: string | null;
}

export interface CallConnectorToolParams {
  credentials_name?: string | null;
}

export interface ConnectorAuthUrlParams {
  app_return_url?: string | null;
  method_type?: OutboundAuthenticationType | null;
  credentials_name?: string | null;
  credentials_title?: string | null;
  github_installation_link?: boolean | null;
}

export interface ListModelsParams {
  provider?: string | null;
  model?: string | null;
}

// ---------------------------------------------------------------------------
// Streams

/**
 * What a streaming method resolves to, once the response headers have
 * arrived. Leaving a `for await` loop early cancels the request.
 */
export interface EventStream<Event> extends AsyncIterable<Event> {
  /** The same events as a `ReadableStream`; cancelling it cancels the request. */
  toReadableStream(): ReadableStream<Event>;
  /** Cancels the request; a pending or later read rejects with `AbortError`. */
  abort(): void;
}

/** A conversation's event stream. */
export interface ConversationStream extends EventStream<ConversationEvent> {
  /** Reads the rest of the stream and resolves to the response a non-streamed call would have given. */
  finalResponse(): Promise<ConversationResponse>;
}

/** A chat completion's chunk stream. */
export type ChatCompletionStream = EventStream<CompletionChunk>;

// ---------------------------------------------------------------------------
// MCP: one client for every HTTP era (2026-07-28 stateless, 2025-03-26…2025-11-25 Streamable HTTP, 2024-11-05
// HTTP+SSE). Results are the server's JSON: the members below are the ones the spec requires, others pass through as
// received.

/** Credentials for an MCP server. */
export type McpAuth =
  | { type: "bearer"; token: string }
  /** `header` defaults to `x-api-key`. */
  | { type: "api_key"; key: string; header?: string }
  /** Client credentials (machine to machine), the shape of Mistral's MCP guide: the client gets, renews and sends its own token. */
  | { type: "oauth2"; client_id: string; client_secret: string; token_url: string; scope?: string }
  /** Client credentials at the authorization server the MCP server names (discovered from its 401). */
  | { type: "oauth2"; client_id: string; client_secret: string; token_url?: undefined; scope?: string; storage?: McpOAuthStorage }
  | McpOAuth;

/**
 * Where OAuth records (tokens, the client registered, a flow waiting for `finishAuth`) are kept, keyed by issuer and
 * server (`mistral-edge:oauth:v1:...`). Any object with these three methods, sync or async: a `localStorage` wrapper
 * in a browser, a Workers KV namespace, a `Map`-backed cache. Values hold secrets: use a store the app trusts.
 * Default: memory, for as long as the client lives.
 */
export interface McpOAuthStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  delete(key: string): void | Promise<void> | boolean | Promise<boolean>;
}

/**
 * OAuth 2.1 authorization code flow with PKCE, as the MCP authorization spec has it. Nothing happens until the server
 * answers 401: then the client discovers its authorization server, gets a client id (`clientId`, else
 * `clientMetadataUrl` where supported, else dynamic registration), and calls `onAuthorize` with the URL to open.
 */
export interface McpOAuth {
  type: "oauth";
  /** A client registered beforehand at the authorization server. */
  clientId?: string;
  clientSecret?: string;
  /** This client's Client ID Metadata Document (https), used where the server supports them. */
  clientMetadataUrl?: string;
  /** Sent on dynamic registration. Default: `clientInfo.name`. */
  clientName?: string;
  /** Where the authorization server sends the browser back. */
  redirectUri: string;
  /** Replaces the scope the server asks for. */
  scope?: string;
  storage?: McpOAuthStorage;
  /**
   * Opens `url` (a popup, a redirect, a system browser). Return (or resolve to) the URL the browser came back to, and
   * the call goes on; return nothing when the page navigates away: the call then fails with an `AuthError` of reason
   * `authorization_pending`, and `finishAuth(callbackUrl)` completes it, in this page or a new one with the same
   * `storage`.
   */
  onAuthorize(url: string): string | void | undefined | Promise<string | void | undefined>;
}

/** A revision to speak instead of negotiating. */
export type McpProtocolVersion = "2026-07-28" | "2025-11-25" | "2025-06-18" | "2025-03-26" | "2024-11-05";

/** `notifications/progress` of one request. */
export interface McpProgress {
  progressToken: string | number;
  progress: number;
  total?: number;
  message?: string;
}

/** A server notification (`notifications/message`, `notifications/tools/list_changed`, ...). */
export interface McpNotification {
  method: string;
  params?: JsonObject;
}

/** The answer to an elicitation: the user's input, a refusal, or a dismissal. */
export type McpElicitResult =
  | { action: "accept"; content?: JsonObject; [key: string]: JsonValue | undefined }
  | { action: "decline" | "cancel"; [key: string]: JsonValue | undefined };

/** The answer to a sampling request: the model's message. */
export interface McpCreateMessageResult {
  role: "assistant" | "user";
  content: JsonObject | JsonObject[];
  model: string;
  stopReason?: string;
  [key: string]: JsonValue | undefined;
}

export interface McpRoot {
  uri: string;
  name?: string;
}

/** `new McpClient(options)`. */
export interface McpClientOptions {
  /** The server's MCP endpoint (http or https); for a 2024-11-05 server, its SSE URL. */
  url: string;
  auth?: McpAuth;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** Used instead of the global `fetch`. */
  fetch?: FetchFunction;
  /** Milliseconds each request (the handshake included) may take before an `McpError` with reason `timeout`. Default 60000. */
  timeoutMs?: number;
  /** Speak this revision instead of negotiating. */
  protocolVersion?: McpProtocolVersion;
  /** How the client names itself. Default `mistral-edge` and its version. */
  clientInfo?: { name: string; version: string };
  /** Answers the server's elicitations (form and URL mode); declares the `elicitation` capability. */
  onElicit?: (params: JsonObject) => McpElicitResult | Promise<McpElicitResult>;
  /** Answers the server's sampling requests; declares the `sampling` capability. */
  onSample?: (params: JsonObject) => McpCreateMessageResult | Promise<McpCreateMessageResult>;
  /** The roots offered to the server; declares the `roots` capability. */
  roots?: McpRoot[] | (() => McpRoot[] | Promise<McpRoot[]>);
  /** Progress of every call that has no `onProgress` of its own. */
  onProgress?: (progress: McpProgress) => void;
  /** The server's notifications: log messages, list changes, resource updates. */
  onNotification?: (notification: McpNotification) => void;
}

/** Options of one call. */
export interface McpCallOptions {
  /** Aborting rejects with `AbortError` and tells the server (`notifications/cancelled`). */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  onProgress?: (progress: McpProgress) => void;
}

/** Options of a listing (all pages are followed). */
export interface McpListOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A server's or client's `Implementation`. */
export interface McpImplementation {
  name: string;
  version: string;
  title?: string;
  [key: string]: JsonValue | undefined;
}

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: JsonObject;
  outputSchema?: JsonObject;
  [key: string]: JsonValue | undefined;
}

export interface McpResource {
  uri: string;
  name: string;
  mimeType?: string;
  [key: string]: JsonValue | undefined;
}

export interface McpResourceTemplate {
  uriTemplate: string;
  name: string;
  mimeType?: string;
  [key: string]: JsonValue | undefined;
}

export interface McpPrompt {
  name: string;
  description?: string;
  arguments?: JsonObject[];
  [key: string]: JsonValue | undefined;
}

/** A content block (`text`, `image`, `audio`, `resource_link`, `resource`). */
export type McpContent = JsonObject & { type: string };

export interface McpCallToolResult {
  content: McpContent[];
  /** `true` when the tool failed; the content says why. */
  isError?: boolean;
  /** Checked against the tool's `outputSchema` (once `listTools()` ran). */
  structuredContent?: JsonObject;
  [key: string]: JsonValue | undefined;
}

export interface McpReadResourceResult {
  /** Each with `uri` and either `text` or `blob` (base64). */
  contents: JsonObject[];
  [key: string]: JsonValue | undefined;
}

export interface McpGetPromptResult {
  description?: string;
  /** Each with `role` and `content`. */
  messages: JsonObject[];
  [key: string]: JsonValue | undefined;
}

/** What argument completion refers to. */
export type McpCompletionRef = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };

export interface McpCompleteResult {
  completion: { values: string[]; total?: number; hasMore?: boolean };
  [key: string]: JsonValue | undefined;
}

export type McpLoggingLevel = "debug" | "info" | "notice" | "warning" | "error" | "critical" | "alert" | "emergency";

/**
 * An MCP client. `connect()` negotiates the era (newest first) and remembers it per URL; calls run concurrently, each
 * with its own timeout and optional `AbortSignal`. Failures are `McpError` (with `reason`) or the fetch layer's errors.
 */
export declare class McpClient {
  constructor(options: McpClientOptions);
  /** Negotiates and runs the era's handshake; starts a new connection when called again. Calls connect on their own. */
  connect(): Promise<void>;
  /** Every page, following `nextCursor`; tools with invalid `x-mcp-header` declarations are left out. */
  listTools(options?: McpListOptions): Promise<{ tools: McpTool[] }>;
  callTool(name: string, args?: JsonObject, options?: McpCallOptions): Promise<McpCallToolResult>;
  listResources(options?: McpListOptions): Promise<{ resources: McpResource[] }>;
  listResourceTemplates(options?: McpListOptions): Promise<{ resourceTemplates: McpResourceTemplate[] }>;
  readResource(uri: string, options?: McpCallOptions): Promise<McpReadResourceResult>;
  /** `notifications/resources/updated` for `uri` then go to `onNotification`. */
  subscribeResource(uri: string, options?: McpCallOptions): Promise<void>;
  unsubscribeResource(uri: string, options?: McpCallOptions): Promise<void>;
  listPrompts(options?: McpListOptions): Promise<{ prompts: McpPrompt[] }>;
  getPrompt(name: string, args?: Record<string, string>, options?: McpCallOptions): Promise<McpGetPromptResult>;
  complete(
    ref: McpCompletionRef,
    argument: { name: string; value: string },
    context?: { arguments?: Record<string, string> },
    options?: McpCallOptions,
  ): Promise<McpCompleteResult>;
  setLoggingLevel(level: McpLoggingLevel, options?: McpListOptions): Promise<void>;
  ping(options?: McpListOptions): Promise<void>;
  /**
   * Completes an OAuth authorization whose `onAuthorize` returned nothing: `callbackUrl` is the URL the browser came
   * back to. Checks `state` and `iss`, redeems the code, stores the tokens; the next call is authorized.
   */
  finishAuth(callbackUrl: string): Promise<void>;
  /** Ends the connection (DELETE of the session); calls then fail with reason `closed` until `connect()`. */
  close(): Promise<void>;
  /** `stateless` (2026-07-28), `streamable` (2025 revisions) or `sse` (2024-11-05), once connected. */
  readonly era: "stateless" | "streamable" | "sse" | undefined;
  /** The negotiated protocol version, once connected. */
  readonly protocolVersion: string | undefined;
  readonly serverInfo: McpImplementation | undefined;
  readonly capabilities: JsonObject | undefined;
  readonly instructions: string | undefined;
  toString(): string;
}

// ---------------------------------------------------------------------------
// The run loop: the model calls tools, the run executes them, until the model answers without calls.

/** What a local function receives besides its arguments. */
export interface RunToolContext {
  toolCallId: string;
  /** The name the model used (see `RunResult.tool_names`). */
  name: string;
  conversationId?: string;
  /** Fires when the run is aborted or the call times out (`toolTimeoutMs`). */
  signal: AbortSignal;
}

/** A function of the app the model may call. Its return value becomes the result: a string as is, `undefined` as an empty result, anything else as JSON (a value JSON cannot hold is an error result). */
export interface RunFunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: JsonObject; strict?: boolean };
  execute: (args: JsonObject, context: RunToolContext) => unknown;
  /** Calls wait for `onConfirm`, or the run returns `pending`. */
  requiresConfirmation?: boolean;
}

/** An `McpClient`'s tools, all of them or a subset. */
export interface RunMcpTools {
  mcp: McpClient;
  include?: string[];
  exclude?: string[];
}

/** The MCP server shape of Mistral's MCP guide; the run makes the client. */
export interface RunMcpConfig {
  type: "mcp";
  config: {
    server_url: string;
    auth?: McpAuth;
    /** Seconds per request. */
    timeout?: number;
  };
}

/** A tool of a run: local, MCP, or a server-side tool passed on as is. */
export type RunTool = RunFunctionTool | McpClient | RunMcpTools | RunMcpConfig | Exclude<ConversationTool, { type: "function" }>;

/** A call waiting for a decision. */
export interface RunPendingCall {
  tool_call_id: string;
  name: string;
  arguments: JsonObject;
  /** A server-side tool's call (answered with `tool_confirmations`). */
  server: boolean;
}

/** `client.run(options)`: conversation request members as `conversations.start` takes them, and the run's own options. */
export interface RunOptions {
  inputs?: ConversationInputs;
  /**
   * Continues this conversation (an append) instead of starting one: the model, agent and tools are those it started
   * with, so `model`, `agent_id`, `agent_version`, `instructions`, `name`, `description`, `metadata` and server-side
   * tools are refused beside it; give the same local and MCP tools to have their calls run.
   */
  conversation_id?: string;
  model?: string;
  agent_id?: string;
  agent_version?: string | number;
  instructions?: string;
  completion_args?: CompletionArgs;
  store?: boolean;
  handoff_execution?: "client" | "server";
  name?: string;
  description?: string;
  metadata?: JsonObject;
  tools?: RunTool[];
  /** Model answers the run asks for at most. Default 10. */
  maxTurns?: number;
  /** A failing tool's error goes to the model as its result, instead of failing the run with `RunError`. */
  continueOnToolError?: boolean;
  /** The final answer must be JSON matching this schema; it is parsed into `RunResult.output`. */
  outputSchema?: JsonObject;
  /** Aborts the request in flight and every running tool. */
  signal?: AbortSignal;
  /** Decides on calls that need confirmation; without it the run resolves with `pending`. */
  onConfirm?: (call: RunPendingCall) => boolean | Promise<boolean>;
  /** Calls of one turn run at most this many at a time. Default 4. */
  maxConcurrency?: number;
  /** Milliseconds a tool may take; then its result is an error. Default 60000. */
  toolTimeoutMs?: number;
  /** `pending` of an earlier result, to go on after the decisions (give the same `tools`). */
  resume?: RunPending;
  confirmations?: { tool_call_id: string; allow: boolean }[];
}

/** The state of a run that waits for decisions. */
export interface RunPending {
  calls: RunPendingCall[];
  state: JsonObject;
}

export interface RunToolName {
  /** The name the model saw. */
  name: string;
  /** The tool's own name. */
  original: string;
  source: { kind: "local" } | { kind: "mcp"; server: number; label: string };
}

export interface RunResult {
  conversation_id?: string;
  /** Inputs, the model's outputs and the function results, in order. */
  entries: JsonObject[];
  output_text: string;
  /** The parsed answer of a run with `outputSchema`. */
  output?: JsonValue;
  usage: JsonObject;
  turns: number;
  tool_names: RunToolName[];
  /** Set when calls wait for a decision; pass it back as `resume`. */
  pending?: RunPending;
}

/** What `runStream` yields: the conversation's events, the results of local calls, and finally the result. */
export type RunEvent =
  | ConversationEvent
  | { type: "function.result"; tool_call_id: string; result: string; is_error: boolean }
  | { type: "run.done"; result: RunResult };

// ---------------------------------------------------------------------------
// The client

export declare class Mistral {
  constructor(options?: MistralOptions);
  readonly agents: Agents;
  readonly conversations: Conversations;
  readonly connectors: Connectors;
  readonly chat: Chat;
  readonly models: Models;
  /** Runs the model with tools until it answers without calls. Fails with `RunError` (turn limit, a failing tool, an answer that breaks `outputSchema`). */
  run(options: RunOptions): Promise<RunResult>;
  /** The same run as a stream of events ending with `run.done`. Leaving `for await` early aborts it. */
  runStream(options: RunOptions): Promise<EventStream<RunEvent>>;
  /** Never shows the API key. */
  toString(): string;
}

export interface Agents {
  create(body: CreateAgentRequest, opts?: RequestOptions): Promise<Agent>;
  list(params?: ListAgentsParams, opts?: RequestOptions): Promise<Agent[]>;
  listPages(params?: ListAgentPagesParams, opts?: RequestOptions): Promise<AgentListPage>;
  get(agentId: string, params?: GetAgentParams, opts?: RequestOptions): Promise<Agent>;
  /** Creates a new version. */
  update(agentId: string, body: UpdateAgentRequest, opts?: RequestOptions): Promise<Agent>;
  /** Makes `version` the current one. */
  updateVersion(agentId: string, version: number, opts?: RequestOptions): Promise<Agent>;
  delete(agentId: string, opts?: RequestOptions): Promise<void>;
  listVersions(agentId: string, params?: ListAgentVersionsParams, opts?: RequestOptions): Promise<Agent[]>;
  /** `version`: a number or an alias. */
  getVersion(agentId: string, version: number | string, opts?: RequestOptions): Promise<Agent>;
  listAliases(agentId: string, opts?: RequestOptions): Promise<AgentAliasResponse[]>;
  createOrUpdateAlias(agentId: string, alias: string, version: number, opts?: RequestOptions): Promise<AgentAliasResponse>;
  deleteAlias(agentId: string, alias: string, opts?: RequestOptions): Promise<void>;
}

/**
 * A body's `stream` member is set by the method; a contradicting one is a
 * `ValidationError` (and a type error here).
 */
export interface Conversations {
  start(body: ConversationRequest, opts?: RequestOptions): Promise<ConversationResponse>;
  startStream(body: ConversationStreamRequest, opts?: RequestOptions): Promise<ConversationStream>;
  append(conversationId: string, body: ConversationAppendRequest, opts?: RequestOptions): Promise<ConversationResponse>;
  appendStream(
    conversationId: string,
    body: ConversationAppendStreamRequest,
    opts?: RequestOptions,
  ): Promise<ConversationStream>;
  restart(
    conversationId: string,
    body: ConversationRestartRequest,
    opts?: RequestOptions,
  ): Promise<ConversationResponse>;
  restartStream(
    conversationId: string,
    body: ConversationRestartStreamRequest,
    opts?: RequestOptions,
  ): Promise<ConversationStream>;
  list(params?: ListConversationsParams, opts?: RequestOptions): Promise<Conversation[]>;
  get(conversationId: string, opts?: RequestOptions): Promise<Conversation>;
  history(conversationId: string, opts?: RequestOptions): Promise<ConversationHistory>;
  messages(conversationId: string, opts?: RequestOptions): Promise<ConversationMessages>;
  delete(conversationId: string, opts?: RequestOptions): Promise<void>;
}

export interface Connectors {
  create(body: CreateConnectorRequest, opts?: RequestOptions): Promise<Connector>;
  /** One page; see `listAll` for every connector. */
  list(params?: ListConnectorsParams, opts?: RequestOptions): Promise<PaginatedConnectors>;
  /** Every connector, fetching the cursor pages lazily as the loop advances. */
  listAll(params?: ListConnectorsParams, opts?: RequestOptions): AsyncIterable<Connector>;
  get(idOrName: string, params?: GetConnectorParams, opts?: RequestOptions): Promise<Connector>;
  update(connectorId: string, body: UpdateConnectorRequest, opts?: RequestOptions): Promise<Connector>;
  delete(connectorId: string, opts?: RequestOptions): Promise<MessageResponse>;
  listTools(idOrName: string, params?: ListConnectorToolsParams, opts?: RequestOptions): Promise<ConnectorToolList>;
  callTool(
    idOrName: string,
    toolName: string,
    body: ConnectorCallToolRequest,
    params?: CallConnectorToolParams,
    opts?: RequestOptions,
  ): Promise<ConnectorToolCallResponse>;
  getAuthUrl(idOrName: string, params?: ConnectorAuthUrlParams, opts?: RequestOptions): Promise<AuthUrlResponse>;
}

export interface Chat {
  complete(
    body: ChatCompletionRequest & { stream?: false | null },
    opts?: RequestOptions,
  ): Promise<ChatCompletionResponse>;
  stream(body: ChatCompletionRequest & { stream?: true | null }, opts?: RequestOptions): Promise<ChatCompletionStream>;
}

export interface Models {
  list(params?: ListModelsParams, opts?: RequestOptions): Promise<ModelList>;
  retrieve(modelId: string, opts?: RequestOptions): Promise<ModelCard>;
  /** Deletes a fine-tuned model. */
  delete(modelId: string, opts?: RequestOptions): Promise<DeleteModelResponse>;
}

// ---------------------------------------------------------------------------
// Errors. Every error the SDK raises is a `MistralError`; `name` is the class
// name, and no property or message ever contains the API key.

export type MistralErrorName =
  | "MistralError"
  | "ApiError"
  | "RateLimitError"
  | "ValidationError"
  | "TimeoutError"
  | "AbortError"
  | "ConnectionError"
  | "StreamError"
  | "McpError"
  | "AuthError"
  | "RunError";

export declare class MistralError extends Error {
  name: MistralErrorName;
}

/** A non-2xx answer. */
export declare class ApiError extends MistralError {
  name: "ApiError" | "RateLimitError";
  readonly status: number;
  /** The body as received. */
  readonly body: string;
  /** The body parsed, when it is JSON. */
  readonly json?: unknown;
  /** Response headers, names in lower case. */
  readonly headers: Record<string, string>;
  readonly requestId?: string;
}

/** 429. */
export declare class RateLimitError extends ApiError {
  name: "RateLimitError";
  /** From `Retry-After`, when the server sent it. */
  readonly retryAfterMs?: number;
}

/** One problem of a server-side 422. */
export interface ValidationIssue {
  /** Dotted path, e.g. `tools[0].type`. */
  path: string;
  message: string;
  type: string;
}

/**
 * Bad input: refused before any request (`field`, `expected`), or by the
 * server with a 422 (`status`, `body`, `requestId`, `errors`).
 */
export declare class ValidationError extends MistralError {
  name: "ValidationError";
  /** Dotted path of the bad value, e.g. `inputs` or `tools[0].type`. */
  readonly field?: string;
  readonly expected?: string;
  readonly status?: 422;
  readonly body?: string;
  readonly requestId?: string;
  readonly errors?: ValidationIssue[];
}

export declare class TimeoutError extends MistralError {
  name: "TimeoutError";
  readonly timeoutMs: number;
  /** `total`: `timeoutMs` ran out; `idle`: no body data for `idleTimeoutMs`. */
  readonly kind: "total" | "idle";
}

/** The call's `signal` fired, or the stream was aborted. */
export declare class AbortError extends MistralError {
  name: "AbortError";
}

/** The request could not be sent, or the connection broke. */
export declare class ConnectionError extends MistralError {
  name: "ConnectionError";
}

/** A stream broke after it started: a malformed event, a cut, an in-band error. */
export declare class StreamError extends MistralError {
  name: "StreamError";
}

/** An MCP call failed: the server's JSON-RPC error, or what went wrong around it (`reason`). */
export declare class McpError extends MistralError {
  name: "McpError" | "AuthError";
  /** The JSON-RPC error code, when the server answered with an error. */
  readonly code?: number;
  readonly data?: unknown;
  /**
   * What failed: the server's JSON-RPC error, a request timeout, a broken protocol or transport, a lost session, a
   * closed client, or `structuredContent` that breaks the tool's `outputSchema` (see `tool` and `violations`).
   */
  readonly reason?:
    | "rpc"
    | "timeout"
    | "cancelled"
    | "protocol"
    | "transport"
    | "session_expired"
    | "closed"
    | "output_schema"
    | AuthErrorReason;
  /** For `output_schema`: the tool, and each violation as `"<json pointer>: expected ..."`. */
  readonly tool?: string;
  readonly violations?: string[];
  /** For a timeout: the method and the milliseconds it was given. */
  readonly method?: string;
  readonly timeoutMs?: number;
}

/** Why MCP authorization failed or waits; never holds a token, secret, code or verifier. */
export type AuthErrorReason =
  | "malformed_challenge"
  | "invalid_url"
  | "metadata_not_found"
  | "malformed_metadata"
  | "resource_mismatch"
  | "issuer_mismatch"
  | "missing_endpoint"
  | "s256_unsupported"
  | "invalid_random"
  | "invalid_config"
  | "unexpected_redirect"
  | "malformed_callback"
  | "state_mismatch"
  | "iss_missing"
  | "iss_mismatch"
  | "authorization_denied"
  | "missing_code"
  | "unsupported_auth_method"
  | "token_error"
  | "refresh_rejected"
  | "token_status"
  | "missing_access_token"
  | "malformed_token_response"
  | "unsupported_token_type"
  | "registration_unsupported"
  | "registration_rejected"
  | "malformed_registration"
  | "authorization_pending"
  | "no_pending_authorization"
  | "retry_limit"
  | "storage";

/** MCP authorization (OAuth) failed, or waits for `finishAuth` (`authorization_pending`). */
export declare class AuthError extends McpError {
  name: "AuthError";
  readonly reason: AuthErrorReason;
  /** The setting, metadata member or response member at fault. */
  readonly field?: string;
  readonly url?: string;
  readonly expected?: string;
  readonly got?: string;
  /** The HTTP status of the answer at fault. */
  readonly status?: number;
  /** The OAuth `error` code the server sent, and its `error_description`. */
  readonly error?: string;
  readonly description?: string;
  /** What the server advertises (PKCE methods, client authentication methods). */
  readonly advertised?: string[];
  /** The metadata URLs tried, for `metadata_not_found`. */
  readonly tried?: string[];
  readonly issuer?: string;
  readonly scope?: string;
  readonly attempts?: number;
  readonly detail?: string;
}

/** A run stopped early; `partial` holds what it gathered. */
export declare class RunError extends MistralError {
  name: "RunError";
  readonly reason: "max_turns" | "tool_failed" | "output" | "protocol";
  readonly partial: RunResult;
  /** For `max_turns`. */
  readonly max_turns?: number;
  /** For `tool_failed`. */
  readonly tool_call_id?: string;
  readonly tool?: string;
  readonly message: string;
  /** For `output`. */
  readonly problem?: string;
}

/** The module's linear memory. Internal: for tests that check calls leak nothing. */
export declare function __wasmMemory(): WebAssembly.Memory;
