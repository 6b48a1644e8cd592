//! Agents: the agent resource, its create and update requests, version
//! aliases and the cursor-paginated list page.
//!
//! Tools are [`ConversationTool`] and sampling settings [`CompletionArgs`]:
//! the spec gives agents the very same inline tool union and `CompletionArgs`
//! as conversations, so an agent's configuration can be copied into a
//! conversation request without conversion.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{is_none, string_enum, CompletionArgs, GuardrailConfig, MetadataDict, ObjectType};
use super::tools::ConversationTool;

/// `Agent`: a model with instructions, tools and settings, stored by
/// Mistral under an id and versioned on every update.
///
/// `versions`, `deployment_chat` and `source` are required by the spec but
/// missing from agents returned before they were introduced (the API
/// reference's own list example has none of them), so they decode leniently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Agent {
    #[serde(default, skip_serializing_if = "is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    pub model: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    /// Ids of the agents this one may hand the conversation over to.
    #[serde(default, skip_serializing_if = "is_none")]
    pub handoffs: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    /// Always `agent`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub id: String,
    /// The version this object describes (the current one unless a
    /// specific version or alias was asked for).
    pub version: i64,
    /// Every version number the agent has.
    #[serde(default)]
    pub versions: Vec<i64>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the agent is deployed to Le Chat.
    #[serde(default)]
    pub deployment_chat: bool,
    /// Where the agent was made. A free string in the spec, not
    /// [`RequestSource`]: real answers carry other values (e.g. `upload`).
    #[serde(default, skip_serializing_if = "is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub version_message: Option<String>,
}

/// `CreateAgentRequest`: the body of `POST /v1/agents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CreateAgentRequest {
    #[serde(default, skip_serializing_if = "is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    /// Defaults for every conversation with the agent; a conversation
    /// request can override them.
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub guardrails: Option<Vec<GuardrailConfig>>,
    pub model: String,
    pub name: String,
    /// Also what other agents read when deciding to hand off to this one.
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    /// At least one agent id when present.
    #[serde(default, skip_serializing_if = "is_none")]
    pub handoffs: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<MetadataDict>,
    /// A note on the first version, at most 500 characters.
    #[serde(default, skip_serializing_if = "is_none")]
    pub version_message: Option<String>,
}

impl CreateAgentRequest {
    pub fn new(model: impl Into<String>, name: impl Into<String>) -> Self {
        Self { model: model.into(), name: name.into(), ..Self::default() }
    }

    pub fn with_instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = Some(instructions.into());
        self
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a tool to the agent's list.
    pub fn with_tool(mut self, tool: impl Into<ConversationTool>) -> Self {
        self.tools.get_or_insert_with(Vec::new).push(tool.into());
        self
    }

    /// Adds an agent this one may hand off to.
    pub fn with_handoff(mut self, agent_id: impl Into<String>) -> Self {
        self.handoffs.get_or_insert_with(Vec::new).push(agent_id.into());
        self
    }
}

/// `UpdateAgentRequest`: the body of `PATCH /v1/agents/{agent_id}`; every
/// update creates a new version.
///
/// A PATCH tells "leave as is" (member absent) from "clear" (`null`), so
/// each nullable member is an `Option<Option<T>>`: `None` is omitted,
/// `Some(None)` is sent as `null`, `Some(Some(v))` sets `v`. A JSON body with
/// explicit `null`s decodes to `Some(None)` and so re-encodes unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UpdateAgentRequest {
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Option<String>>,
    /// Replaces the whole list (not nullable: `[]` removes every tool).
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConversationTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub completion_args: Option<CompletionArgs>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub guardrails: Option<Option<Vec<GuardrailConfig>>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub model: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    /// At least one agent id when set; `Some(None)` removes all handoffs.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub handoffs: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub deployment_chat: Option<Option<bool>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Option<MetadataDict>>,
    /// A note on the new version, at most 500 characters.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub version_message: Option<Option<String>>,
}

/// A member that is present in the input is `Some`, even when it is `null`
/// (serde's default maps `null` to `None`, losing the "clear" intent).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `AgentAliasResponse`: a named pointer to one version of an agent, usable
/// wherever an `agent_version` is accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentAliasResponse {
    pub alias: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// `AgentListPage`: one page of `GET /v1/agents/pages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentListPage {
    /// Always `list`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    pub data: Vec<Agent>,
    /// The cursor for the next page; absent or `null` on the last page.
    #[serde(default, skip_serializing_if = "is_none")]
    pub next_page_token: Option<String>,
}

string_enum! {
    /// `RequestSource`: the `sources` filter of the agent lists.
    pub enum RequestSource {
        Api = "api",
        Playground = "playground",
        AgentBuilderV1 = "agent_builder_v1",
    }
}
