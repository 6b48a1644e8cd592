//! Chat completions: the request with its role-tagged messages, the plain
//! response, and the chunks of a streamed (`stream: true`) response.
//!
//! Schemas represented another way, deliberately:
//! * `ResponseBase` and `ChatCompletionResponseBase` (bases the spec combines
//!   with `allOf`) are folded into [`ChatCompletionResponse`]; the `data`
//!   member the spec lists as required there is never defined nor sent, so
//!   it is not modelled;
//! * `Tool` is [`ConversationTool::Function`]: the chat `tools` list is the
//!   same `type`-tagged union as the conversations one;
//! * `FunctionCall.arguments` is [`FunctionCallEntryArguments`] (the same
//!   object-or-JSON-text union);
//! * the `tool_choice` union (`ToolChoice | ToolChoiceEnum`, unnamed in the
//!   spec) is [`ChatToolChoice`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::common::{
    is_none, string_enum, string_or, variant_from, CompletionArgsStop, GuardrailConfig, MetadataDict, ObjectType,
    Prediction, ReasoningEffort, ResponseFormat, Role, ToolChoiceEnum,
};
use super::content::{ContentChunk, TextChunk, ThinkChunk};
use super::conversations::FunctionCallEntryArguments;
use super::tools::{ConversationTool, ToolChoice, ToolTypes};

/// `ChatCompletionRequest`.
///
/// `stream` is written by the builder that sends the request
/// (`api::chat::complete` or `api::chat::stream`), since it decides whether
/// the answer is JSON or an event stream; setting it here has no effect there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ChatCompletionRequest {
    pub model: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub top_p: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub max_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub stream: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub stop: Option<CompletionArgsStop>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub random_seed: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub response_format: Option<ResponseFormat>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_choice: Option<ChatToolChoice>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub presence_penalty: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub frequency_penalty: Option<f64>,
    /// Completions per request; the prompt is billed once.
    #[serde(default, skip_serializing_if = "is_none")]
    pub n: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub prediction: Option<Prediction>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub parallel_tool_calls: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub reasoning_effort: Option<ReasoningEffort>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub prompt_mode: Option<MistralPromptMode>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub prompt_cache_key: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub service_tier: Option<RequestedServiceTier>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub safe_prompt: Option<bool>,
}

impl ChatCompletionRequest {
    pub fn new(model: impl Into<String>, messages: Vec<ChatMessage>) -> Self {
        Self { model: model.into(), messages, ..Self::default() }
    }
}

string_enum! {
    /// `MistralPromptMode`.
    pub enum MistralPromptMode {
        Reasoning = "reasoning",
    }
}

string_enum! {
    /// `RequestedServiceTier`.
    pub enum RequestedServiceTier {
        Auto = "auto",
        StandardOnly = "standard_only",
    }
}

/// `ChatCompletionRequest.tool_choice`: a mode, or one function to call.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), serde(untagged))]
pub enum ChatToolChoice {
    Mode(ToolChoiceEnum),
    Function(ToolChoice),
}

variant_from!(ChatToolChoice { Mode(ToolChoiceEnum), Function(ToolChoice) });

impl Serialize for ChatToolChoice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Mode(m) => m.serialize(s),
            Self::Function(f) => f.serialize(s),
        }
    }
}

/// Hand-written rather than `untagged` so that a malformed [`ToolChoice`]
/// reports its own error and path.
impl<'de> Deserialize<'de> for ChatToolChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ChatToolChoice;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a tool choice mode string or a `{\"type\": \"function\", ...}` object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ChatToolChoice, E> {
                Ok(ChatToolChoice::Mode(v.into()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ChatToolChoice, A::Error> {
                ToolChoice::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(ChatToolChoice::Function)
            }
        }
        d.deserialize_any(V)
    }
}

open_enum! {
    /// One item of `ChatCompletionRequest.messages`, tagged by `role`.
    pub enum ChatMessage tag = "role" {
        "system" => System(SystemMessage),
        "user" => User(UserMessage),
        "assistant" => Assistant(AssistantMessage),
        "tool" => Tool(ToolMessage),
    }
}

variant_from!(ChatMessage {
    System(SystemMessage),
    User(UserMessage),
    Assistant(AssistantMessage),
    Tool(ToolMessage),
});

impl ChatMessage {
    pub fn system(content: impl Into<SystemMessageContent>) -> Self {
        Self::System(SystemMessage { content: content.into() })
    }

    pub fn user(content: impl Into<MessageContent>) -> Self {
        Self::User(UserMessage { content: Some(content.into()) })
    }

    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        Self::Assistant(AssistantMessage { content: Some(content.into()), ..AssistantMessage::default() })
    }

    /// The result of the tool call `tool_call_id`.
    pub fn tool(tool_call_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        Self::Tool(ToolMessage { content: Some(content.into()), tool_call_id: Some(tool_call_id.into()), name: None })
    }

    /// The `role`, also for unknown variants.
    pub fn role(&self) -> Role {
        Role::from(self.type_name())
    }
}

/// `SystemMessage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SystemMessage {
    pub content: SystemMessageContent,
}

string_or! {
    /// `SystemMessage.content`.
    pub enum SystemMessageContent {
        Text(String),
        Chunks(Vec<SystemMessageContentChunks>),
    }
    expecting = "a string or an array of text/thinking chunks", other = seq;
}

impl From<&str> for SystemMessageContent {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for SystemMessageContent {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

open_enum! {
    /// `SystemMessageContentChunks` (one chunk, despite the plural).
    pub enum SystemMessageContentChunks {
        "text" => Text(TextChunk),
        "thinking" => Thinking(ThinkChunk),
    }
}

variant_from!(SystemMessageContentChunks { Text(TextChunk), Thinking(ThinkChunk) });

/// `UserMessage`. `content` is required but may be `null`, so `None` is
/// written as `null` rather than left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UserMessage {
    #[serde(default)]
    pub content: Option<MessageContent>,
}

/// `AssistantMessage`: a model's answer, or a prior answer sent back as
/// history. Not strict about unknown fields, because the server sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AssistantMessage {
    #[serde(default, skip_serializing_if = "is_none")]
    pub content: Option<MessageContent>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// Make the model continue this message instead of answering it.
    #[serde(default, skip_serializing_if = "is_none")]
    pub prefix: Option<bool>,
}

/// `ToolMessage`: a tool's result. `content` is required but may be `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ToolMessage {
    #[serde(default)]
    pub content: Option<MessageContent>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_call_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
}

string_or! {
    /// The `content` of user, assistant and tool messages and of deltas.
    pub enum MessageContent {
        Text(String),
        Chunks(Vec<ContentChunk>),
    }
    expecting = "a string or an array of content chunks", other = seq;
}

impl MessageContent {
    /// The text: the string, or the `text` chunks joined (other chunks,
    /// such as thinking, are skipped).
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Chunks(chunks) => chunks
                .iter()
                .filter_map(|c| match c {
                    ContentChunk::Text(t) => Some(t.text.as_str()),
                    _ => None,
                })
                .collect(),
        }
    }
}

impl From<&str> for MessageContent {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for MessageContent {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<Vec<ContentChunk>> for MessageContent {
    fn from(chunks: Vec<ContentChunk>) -> Self {
        Self::Chunks(chunks)
    }
}

/// `ToolCall`: a function call the model asks the client to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolCall {
    /// Echoed back as `ToolMessage.tool_call_id`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: ToolTypes,
    pub function: FunctionCall,
    #[serde(default, skip_serializing_if = "is_none")]
    pub index: Option<u64>,
}

/// `FunctionCall`: the function's name and its arguments (JSON text as the
/// model wrote it, which may not parse; or an object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionCall {
    pub name: String,
    pub arguments: FunctionCallEntryArguments,
}

/// `ChatCompletionResponse` (with `ResponseBase` and
/// `ChatCompletionResponseBase` folded in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ChatCompletionResponse {
    pub id: String,
    /// `chat.completion`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub model: String,
    pub usage: UsageInfo,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "is_none")]
    pub created: Option<u64>,
    pub choices: Vec<ChatCompletionChoice>,
}

/// `ChatCompletionChoice`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ChatCompletionChoice {
    pub index: u64,
    /// Written with its `role` so that it reads like the wire object; push
    /// it back into the next request with `ChatMessage::from(message)`.
    #[serde(default, skip_serializing_if = "is_none", with = "assistant_with_role")]
    #[cfg_attr(feature = "ts", tsify(type = "({ role: \"assistant\" } & AssistantMessage) | null"))]
    pub message: Option<AssistantMessage>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub messages: Option<Vec<DeltaMessage>>,
    pub finish_reason: FinishReason,
}

/// `AssistantMessage` outside [`ChatMessage`] still carries `role` on the wire.
mod assistant_with_role {
    use serde::{Deserializer, Serializer};
    use serde_json::Value;

    use super::AssistantMessage;
    use crate::models::open_enum::{from_tagged, serialize_tagged};

    pub fn serialize<S: Serializer>(message: &Option<AssistantMessage>, s: S) -> Result<S::Ok, S::Error> {
        match message {
            Some(m) => serialize_tagged(s, "role", "assistant", m),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AssistantMessage>, D::Error> {
        crate::tagged::within(d, |value: Value| match value {
            Value::Null => Ok(None),
            value => from_tagged(value, "role").map(Some),
        })
    }
}

string_enum! {
    /// Why generation stopped (`finish_reason`, an unnamed enum in the spec).
    pub enum FinishReason {
        Stop = "stop",
        Length = "length",
        ModelLength = "model_length",
        Error = "error",
        ToolCalls = "tool_calls",
    }
}

/// `UsageInfo`: token counts of a chat completion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct UsageInfo {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    #[serde(default, skip_serializing_if = "is_none", deserialize_with = "count_or_none")]
    pub prompt_audio_seconds: Option<u64>,
    /// `standard` or `priority`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub service_tier: Option<String>,
}

/// Reads a count, and anything else as absent: the spec's own recorded
/// chat answer (under `/v1/agents/completions`) has `"prompt_audio_seconds":
/// {}`, and an odd usage detail must not fail the whole response.
fn count_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_u64(),
        _ => None,
    })
}

/// `CompletionEvent`: one SSE frame of a streamed completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CompletionEvent {
    pub data: CompletionChunk,
}

/// `CompletionChunk`: the `data` of one streamed event. The last chunk
/// carries `usage` and a `finish_reason`; `data: [DONE]` follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CompletionChunk {
    pub id: String,
    /// `chat.completion.chunk`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub created: Option<u64>,
    pub model: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub usage: Option<UsageInfo>,
    pub choices: Vec<CompletionResponseStreamChoice>,
}

/// `CompletionResponseStreamChoice`. `finish_reason` is `null` until the
/// choice ends, and written as `null` since the spec requires the member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CompletionResponseStreamChoice {
    pub index: u64,
    pub delta: DeltaMessage,
    #[serde(default)]
    pub finish_reason: Option<FinishReason>,
}

/// `DeltaMessage`: the part of a message added by one chunk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeltaMessage {
    /// Sent in the first chunk only.
    #[serde(default, skip_serializing_if = "is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub content: Option<MessageContent>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_call_id: Option<String>,
    /// Which of several returned messages this delta belongs to.
    #[serde(default, skip_serializing_if = "is_none")]
    pub index: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
}
