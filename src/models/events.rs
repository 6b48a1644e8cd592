//! Stream events of `POST /v1/conversations*` with `stream: true`: the SSE
//! `data` of `ConversationEvents`.
//!
//! Decoding follows the real server where it differs from the spec: the
//! recorded docs stream sends `tool.execution.started` without `arguments`
//! and all events without `created_at`.

use serde::{Deserialize, Serialize};

use super::common::{is_none, string_enum, string_or, variant_from, ConversationUsageInfo, Role};
use super::content::OutputContentChunks;
use super::conversations::{ConfirmationStatus, ToolExecutionInfo};
use super::tools::BuiltInConnectors;

open_enum! {
    /// One stream event (the `data` of `ConversationEvents`).
    pub enum ConversationEvent {
        "conversation.response.started" => ResponseStarted(ResponseStartedEvent),
        "conversation.response.done" => ResponseDone(ResponseDoneEvent),
        "conversation.response.error" => ResponseError(ResponseErrorEvent),
        "tool.execution.started" => ToolExecutionStarted(ToolExecutionStartedEvent),
        "tool.execution.delta" => ToolExecutionDelta(ToolExecutionDeltaEvent),
        "tool.execution.done" => ToolExecutionDone(ToolExecutionDoneEvent),
        "message.output.delta" => MessageOutput(MessageOutputEvent),
        "function.call.delta" => FunctionCall(FunctionCallEvent),
        "agent.handoff.started" => AgentHandoffStarted(AgentHandoffStartedEvent),
        "agent.handoff.done" => AgentHandoffDone(AgentHandoffDoneEvent),
    }
}

variant_from!(ConversationEvent {
    ResponseStarted(ResponseStartedEvent),
    ResponseDone(ResponseDoneEvent),
    ResponseError(ResponseErrorEvent),
    ToolExecutionStarted(ToolExecutionStartedEvent),
    ToolExecutionDelta(ToolExecutionDeltaEvent),
    ToolExecutionDone(ToolExecutionDoneEvent),
    MessageOutput(MessageOutputEvent),
    FunctionCall(FunctionCallEvent),
    AgentHandoffStarted(AgentHandoffStartedEvent),
    AgentHandoffDone(AgentHandoffDoneEvent),
});

/// `ConversationEvents`: an SSE frame, its `event:` name and `data:` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationEvents {
    pub event: SSETypes,
    pub data: ConversationEvent,
}

string_enum! {
    /// `SSETypes`: the SSE `event:` names.
    pub enum SSETypes {
        ConversationResponseStarted = "conversation.response.started",
        ConversationResponseDone = "conversation.response.done",
        ConversationResponseError = "conversation.response.error",
        MessageOutputDelta = "message.output.delta",
        ToolExecutionStarted = "tool.execution.started",
        ToolExecutionDelta = "tool.execution.delta",
        ToolExecutionDone = "tool.execution.done",
        AgentHandoffStarted = "agent.handoff.started",
        AgentHandoffDone = "agent.handoff.done",
        FunctionCallDelta = "function.call.delta",
    }
}

/// `ResponseStartedEvent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ResponseStartedEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    pub conversation_id: String,
}

/// `ResponseDoneEvent`: the last event of a successful stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ResponseDoneEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    pub usage: ConversationUsageInfo,
}

/// `ResponseErrorEvent`: the server failed mid-stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ResponseErrorEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    pub message: String,
    pub code: i64,
}

/// `ToolExecutionStartedEvent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolExecutionStartedEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    pub name: BuiltInConnectors,
    /// Required by the spec, absent in real streams.
    #[serde(default, skip_serializing_if = "is_none")]
    pub arguments: Option<String>,
}

/// `ToolExecutionDeltaEvent`: a piece of a tool's arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolExecutionDeltaEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    pub name: BuiltInConnectors,
    pub arguments: String,
}

/// `ToolExecutionDoneEvent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolExecutionDoneEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    pub name: BuiltInConnectors,
    #[serde(default, skip_serializing_if = "is_none")]
    pub info: Option<ToolExecutionInfo>,
}

/// `MessageOutputEvent` (`message.output.delta`): a piece of an output message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MessageOutputEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    #[serde(default)]
    pub content_index: u32,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    /// Always `assistant` today.
    #[serde(default, skip_serializing_if = "is_none")]
    pub role: Option<Role>,
    pub content: MessageOutputEventContent,
}

string_or! {
    /// `MessageOutputEvent.content`: a text delta or one whole chunk.
    pub enum MessageOutputEventContent {
        Text(String),
        Chunk(OutputContentChunks),
    }
    expecting = "a string or a content chunk", other = map;
}

impl MessageOutputEventContent {
    /// The text of a text delta or text chunk.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            Self::Chunk(c) => c.as_text(),
        }
    }
}

/// `FunctionCallEvent` (`function.call.delta`): a piece of a function call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionCallEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub agent_id: Option<String>,
    pub name: String,
    pub tool_call_id: String,
    pub arguments: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub confirmation_status: Option<ConfirmationStatus>,
}

/// `AgentHandoffStartedEvent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentHandoffStartedEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    pub previous_agent_id: String,
    pub previous_agent_name: String,
}

/// `AgentHandoffDoneEvent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentHandoffDoneEvent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub output_index: u32,
    pub id: String,
    pub next_agent_id: String,
    pub next_agent_name: String,
}
