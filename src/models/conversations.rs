//! Conversations: inputs, entries, the start/append/restart requests, and
//! the response, history, messages and conversation objects.
//!
//! Schemas represented another way, deliberately:
//! * `ConversationRequestBase`, `AppendConversationRequest`,
//!   `RestartConversationRequest` (the bases the spec combines with a
//!   `stream` constant) are the generic [`ConversationRequest`],
//!   [`ConversationAppendRequest`] and [`ConversationRestartRequest`];
//! * `HTTPValidationError`/`ValidationError` (422 bodies) are
//!   [`crate::api::FieldError`], read by the response parser.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{
    is_none, string_enum, string_or, variant_from, CompletionArgs, ConversationUsageInfo, GuardrailConfig, JsonObject,
    MetadataDict, ObjectType, Role,
};
use super::content::{MessageInputContentChunks, MessageOutputContentChunks, OutputContentChunks};
use super::tools::{BuiltInConnectors, ConversationTool};

string_or! {
    /// `ConversationInputs`: a user message as plain text, or entries.
    pub enum ConversationInputs {
        Text(String),
        Entries(InputEntries),
    }
    expecting = "a string or an array of entries", other = seq;
}

impl Default for ConversationInputs {
    fn default() -> Self {
        Self::Entries(Vec::new())
    }
}

impl From<&str> for ConversationInputs {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for ConversationInputs {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<Vec<InputEntry>> for ConversationInputs {
    fn from(entries: Vec<InputEntry>) -> Self {
        Self::Entries(entries)
    }
}

open_enum! {
    /// An item of `InputEntries` (and of `ConversationHistory.entries`).
    pub enum InputEntry {
        "message.input" => MessageInput(MessageInputEntry),
        "message.output" => MessageOutput(MessageOutputEntry),
        "function.result" => FunctionResult(FunctionResultEntry),
        "function.call" => FunctionCall(FunctionCallEntry),
        "tool.execution" => ToolExecution(ToolExecutionEntry),
        "agent.handoff" => AgentHandoff(AgentHandoffEntry),
    }
    missing => MessageInput;
}

open_enum! {
    /// An item of `ConversationResponse.outputs`.
    pub enum OutputEntry {
        "message.output" => MessageOutput(MessageOutputEntry),
        "tool.execution" => ToolExecution(ToolExecutionEntry),
        "function.call" => FunctionCall(FunctionCallEntry),
        "agent.handoff" => AgentHandoff(AgentHandoffEntry),
    }
}

open_enum! {
    /// An item of `MessageEntries`.
    pub enum MessageEntry {
        "message.input" => MessageInput(MessageInputEntry),
        "message.output" => MessageOutput(MessageOutputEntry),
    }
    missing => MessageInput;
}

variant_from!(InputEntry {
    MessageInput(MessageInputEntry),
    MessageOutput(MessageOutputEntry),
    FunctionResult(FunctionResultEntry),
    FunctionCall(FunctionCallEntry),
    ToolExecution(ToolExecutionEntry),
    AgentHandoff(AgentHandoffEntry),
});
variant_from!(OutputEntry {
    MessageOutput(MessageOutputEntry),
    ToolExecution(ToolExecutionEntry),
    FunctionCall(FunctionCallEntry),
    AgentHandoff(AgentHandoffEntry),
});
variant_from!(MessageEntry { MessageInput(MessageInputEntry), MessageOutput(MessageOutputEntry) });

/// `InputEntries`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type InputEntries = Vec<InputEntry>;

/// `MessageEntries`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MessageEntries = Vec<MessageEntry>;

/// `ToolExecutionInfo`: free-form details of a tool execution.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type ToolExecutionInfo = JsonObject;

/// Outputs can be sent back as inputs (client-side history, handoffs).
impl From<OutputEntry> for InputEntry {
    fn from(entry: OutputEntry) -> Self {
        match entry {
            OutputEntry::MessageOutput(e) => e.into(),
            OutputEntry::ToolExecution(e) => e.into(),
            OutputEntry::FunctionCall(e) => e.into(),
            OutputEntry::AgentHandoff(e) => e.into(),
            OutputEntry::Unknown(v) => Self::Unknown(v),
        }
    }
}

impl From<MessageEntry> for InputEntry {
    fn from(entry: MessageEntry) -> Self {
        match entry {
            MessageEntry::MessageInput(e) => e.into(),
            MessageEntry::MessageOutput(e) => e.into(),
            MessageEntry::Unknown(v) => Self::Unknown(v),
        }
    }
}

impl InputEntry {
    /// A user message.
    pub fn user(content: impl Into<MessageInputContent>) -> Self {
        MessageInputEntry::new(Role::User, content).into()
    }

    /// The result of a function call, for the call's `tool_call_id`.
    pub fn function_result(tool_call_id: impl Into<String>, result: impl Into<String>) -> Self {
        FunctionResultEntry::new(tool_call_id, result).into()
    }
}

/// `MessageInputEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MessageInputEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    /// `user` or `assistant`.
    pub role: Role,
    pub content: MessageInputContent,
    /// Continue this (assistant) message instead of answering it.
    #[serde(default, skip_serializing_if = "is_none")]
    pub prefix: Option<bool>,
}

impl MessageInputEntry {
    pub fn new(role: Role, content: impl Into<MessageInputContent>) -> Self {
        Self {
            object: None,
            created_at: None,
            completed_at: None,
            id: None,
            role,
            content: content.into(),
            prefix: None,
        }
    }
}

string_or! {
    /// `MessageInputEntry.content`.
    pub enum MessageInputContent {
        Text(String),
        Chunks(MessageInputContentChunks),
    }
    expecting = "a string or an array of content chunks", other = seq;
}

impl From<&str> for MessageInputContent {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for MessageInputContent {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<MessageInputContentChunks> for MessageInputContent {
    fn from(chunks: MessageInputContentChunks) -> Self {
        Self::Chunks(chunks)
    }
}

/// `MessageOutputEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MessageOutputEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    /// Always `assistant` today.
    #[serde(default, skip_serializing_if = "is_none")]
    pub role: Option<Role>,
    pub content: MessageOutputContent,
}

string_or! {
    /// `MessageOutputEntry.content`.
    pub enum MessageOutputContent {
        Text(String),
        Chunks(MessageOutputContentChunks),
    }
    expecting = "a string or an array of content chunks", other = seq;
}

impl MessageOutputContent {
    /// The text parts joined (chunks of other kinds are skipped).
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Chunks(chunks) => chunks.iter().filter_map(OutputContentChunks::as_text).collect(),
        }
    }
}

/// `FunctionCallEntry`: the model asks the client to run a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionCallEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    pub tool_call_id: String,
    pub name: String,
    pub arguments: FunctionCallEntryArguments,
    /// Set when the tool requires confirmation (`tool_confirmations`).
    #[serde(default, skip_serializing_if = "is_none")]
    pub confirmation_status: Option<ConfirmationStatus>,
}

string_or! {
    /// `FunctionCallEntryArguments`: a JSON object, or its JSON text.
    pub enum FunctionCallEntryArguments {
        Text(String),
        Object(JsonObject),
    }
    expecting = "a JSON object or a JSON string", other = map;
}

impl FunctionCallEntryArguments {
    /// The arguments as a JSON value, parsing the text form.
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        match self {
            Self::Text(text) => serde_json::from_str(text),
            Self::Object(map) => Ok(Value::Object(map.clone())),
        }
    }
}

string_enum! {
    /// `confirmation_status` of function calls.
    pub enum ConfirmationStatus {
        Pending = "pending",
        Allowed = "allowed",
        Denied = "denied",
    }
}

/// `FunctionResultEntry`: the client's answer to a [`FunctionCallEntry`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionResultEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    pub tool_call_id: String,
    pub result: String,
}

impl FunctionResultEntry {
    pub fn new(tool_call_id: impl Into<String>, result: impl Into<String>) -> Self {
        Self { tool_call_id: tool_call_id.into(), result: result.into(), ..Self::default() }
    }
}

/// `ToolExecutionEntry`: a built-in tool or connector ran on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolExecutionEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    pub name: BuiltInConnectors,
    /// Required by the spec, but the server's own examples omit it (as the
    /// recorded stream omits it from `tool.execution.*` events).
    #[serde(default, skip_serializing_if = "is_none")]
    pub arguments: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub info: Option<ToolExecutionInfo>,
}

/// `AgentHandoffEntry`: control passed from one agent to another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentHandoffEntry {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completed_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    pub previous_agent_id: String,
    pub previous_agent_name: String,
    pub next_agent_id: String,
    pub next_agent_name: String,
}

string_enum! {
    /// `handoff_execution`: who performs agent handoffs.
    pub enum HandoffExecution {
        Client = "client",
        Server = "server",
    }
}

/// `ToolCallConfirmation`: the user's answer to a call awaiting confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolCallConfirmation {
    pub tool_call_id: String,
    pub confirmation: Confirmation,
}

string_enum! {
    /// `ToolCallConfirmation.confirmation`.
    pub enum Confirmation {
        Allow = "allow",
        Deny = "deny",
    }
}

string_or! {
    /// `agent_version`: a version number or a version alias.
    pub enum AgentVersion {
        Text(String),
        Number(i64),
    }
    expecting = "a string or an integer", other = int;
}

/// The `stream` member of a request, fixed by the type: the spec makes each
/// request schema pin `stream` to one constant, and the response is JSON or
/// an event stream accordingly, so it must not be settable per value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StreamFlag<const STREAM: bool>;

impl<const STREAM: bool> Serialize for StreamFlag<STREAM> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(STREAM)
    }
}

crate::ts_section!(
    "/**\n * The `stream` member of a request, fixed by the request's type: `false` for a JSON answer,\n",
    " * `true` for an event stream; absent or `null` means the same.\n */\n",
    "export type StreamFlag<STREAM extends boolean = boolean> = STREAM | null;",
);

impl<'de, const STREAM: bool> Deserialize<'de> for StreamFlag<STREAM> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::checked(d, |flag: Option<bool>| match flag {
            Some(b) if b != STREAM => Err(if STREAM {
                "`stream` must be true for a streaming request"
            } else {
                "`stream` must be false here; use the streaming method for `stream: true`"
            }),
            _ => Ok(StreamFlag),
        })
    }
}

/// `ConversationRequest` (`STREAM = false`) and `ConversationStreamRequest`
/// (`STREAM = true`): start a conversation with an agent or a model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(type_params = "STREAM extends boolean = false"))]
#[serde(deny_unknown_fields)]
pub struct ConversationRequest<const STREAM: bool = false> {
    pub inputs: ConversationInputs,
    #[serde(default)]
    pub stream: StreamFlag<STREAM>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub store: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub handoff_execution: Option<HandoffExecution>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_version: Option<AgentVersion>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
}

/// `ConversationStreamRequest`.
pub type ConversationStreamRequest = ConversationRequest<true>;
crate::ts_section!(
    "/** `ConversationStreamRequest`. */\nexport type ConversationStreamRequest = ConversationRequest<true>;"
);

impl ConversationRequest {
    /// Talk to an agent.
    pub fn with_agent(agent_id: impl Into<String>, inputs: impl Into<ConversationInputs>) -> Self {
        Self { inputs: inputs.into(), agent_id: Some(agent_id.into()), ..Self::default() }
    }

    /// Talk to a model directly (instructions and tools set on the request).
    pub fn with_model(model: impl Into<String>, inputs: impl Into<ConversationInputs>) -> Self {
        Self { inputs: inputs.into(), model: Some(model.into()), ..Self::default() }
    }

    /// The same request, answered as an event stream.
    pub fn into_stream(self) -> ConversationStreamRequest {
        let Self {
            inputs,
            stream: _,
            store,
            handoff_execution,
            instructions,
            tools,
            completion_args,
            guardrails,
            name,
            description,
            metadata,
            agent_id,
            agent_version,
            model,
        } = self;
        ConversationRequest {
            inputs,
            stream: StreamFlag,
            store,
            handoff_execution,
            instructions,
            tools,
            completion_args,
            guardrails,
            name,
            description,
            metadata,
            agent_id,
            agent_version,
            model,
        }
    }
}

/// `ConversationAppendRequest` (`STREAM = false`) and
/// `ConversationAppendStreamRequest` (`STREAM = true`): continue a
/// conversation with new inputs and/or tool confirmations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(type_params = "STREAM extends boolean = false"))]
#[serde(deny_unknown_fields)]
pub struct ConversationAppendRequest<const STREAM: bool = false> {
    /// Optional when only answering `tool_confirmations`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub inputs: Option<ConversationInputs>,
    #[serde(default)]
    pub stream: StreamFlag<STREAM>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub store: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub handoff_execution: Option<HandoffExecution>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_confirmations: Option<Vec<ToolCallConfirmation>>,
}

/// `ConversationAppendStreamRequest`.
pub type ConversationAppendStreamRequest = ConversationAppendRequest<true>;
crate::ts_section!("/** `ConversationAppendStreamRequest`. */\nexport type ConversationAppendStreamRequest = ConversationAppendRequest<true>;");

impl ConversationAppendRequest {
    pub fn new(inputs: impl Into<ConversationInputs>) -> Self {
        Self { inputs: Some(inputs.into()), ..Self::default() }
    }

    /// The same request, answered as an event stream.
    pub fn into_stream(self) -> ConversationAppendStreamRequest {
        let Self { inputs, stream: _, store, handoff_execution, completion_args, tool_confirmations } = self;
        ConversationAppendRequest {
            inputs,
            stream: StreamFlag,
            store,
            handoff_execution,
            completion_args,
            tool_confirmations,
        }
    }
}

/// `ConversationRestartRequest` (`STREAM = false`) and
/// `ConversationRestartStreamRequest` (`STREAM = true`): fork a conversation
/// from one of its entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(type_params = "STREAM extends boolean = false"))]
#[serde(deny_unknown_fields)]
pub struct ConversationRestartRequest<const STREAM: bool = false> {
    #[serde(default, skip_serializing_if = "is_none")]
    pub inputs: Option<ConversationInputs>,
    #[serde(default)]
    pub stream: StreamFlag<STREAM>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub store: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub handoff_execution: Option<HandoffExecution>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    pub from_entry_id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_version: Option<AgentVersion>,
}

/// `ConversationRestartStreamRequest`.
pub type ConversationRestartStreamRequest = ConversationRestartRequest<true>;
crate::ts_section!("/** `ConversationRestartStreamRequest`. */\nexport type ConversationRestartStreamRequest = ConversationRestartRequest<true>;");

impl ConversationRestartRequest {
    pub fn new(from_entry_id: impl Into<String>, inputs: impl Into<ConversationInputs>) -> Self {
        Self { from_entry_id: from_entry_id.into(), inputs: Some(inputs.into()), ..Self::default() }
    }

    /// The same request, answered as an event stream.
    pub fn into_stream(self) -> ConversationRestartStreamRequest {
        let Self {
            inputs,
            stream: _,
            store,
            handoff_execution,
            completion_args,
            guardrails,
            metadata,
            from_entry_id,
            agent_version,
        } = self;
        ConversationRestartRequest {
            inputs,
            stream: StreamFlag,
            store,
            handoff_execution,
            completion_args,
            guardrails,
            metadata,
            from_entry_id,
            agent_version,
        }
    }
}

/// `ConversationResponse`: the entries produced by start, append or restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationResponse {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub conversation_id: String,
    pub outputs: Vec<OutputEntry>,
    pub usage: ConversationUsageInfo,
    /// Guardrail results, free-form.
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<JsonObject>>,
}

/// `ConversationHistory`: every entry of a conversation, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationHistory {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub conversation_id: String,
    pub entries: InputEntries,
}

/// `ConversationMessages`: only the message entries of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationMessages {
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub conversation_id: String,
    pub messages: MessageEntries,
}

/// `ModelConversation`: a conversation held with a model directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ModelConversation {
    #[serde(default, skip_serializing_if = "is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub model: String,
}

/// `AgentConversation`: a conversation held with an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentConversation {
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub agent_id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_version: Option<AgentVersion>,
}

/// What `GET /v1/conversations[/{id}]` returns: the spec's
/// `anyOf [ModelConversation, AgentConversation]`, told apart by `agent_id`.
// Boxing the larger variant would only add an allocation per list item.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), serde(untagged))]
pub enum Conversation {
    Model(ModelConversation),
    Agent(AgentConversation),
}

variant_from!(Conversation { Model(ModelConversation), Agent(AgentConversation) });

impl Conversation {
    pub fn id(&self) -> &str {
        match self {
            Self::Model(c) => &c.id,
            Self::Agent(c) => &c.id,
        }
    }
}

impl Serialize for Conversation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Model(c) => c.serialize(s),
            Self::Agent(c) => c.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Conversation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            let is_agent = matches!(value.get("agent_id"), Some(Value::String(_)));
            if is_agent {
                super::common::from_value(value).map(Self::Agent)
            } else {
                super::common::from_value(value).map(Self::Model)
            }
        })
    }
}
