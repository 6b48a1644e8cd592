//! The MCP server card (SEP-2127): what an MCP server says about itself,
//! its transports, and the tools, resources and prompts it offers.

use serde::{Deserialize, Serialize};

use super::capabilities::{ClientCapabilities, ServerCapabilities};
use super::connector::LocalizedText;
use super::mcp_tools::{MCPServerCardTool, MCPServerIcon};
use super::tool_call::Annotations;
use crate::models::common::{is_none, string_enum, string_or, JsonObject};

/// `MCPServerCard`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerCard {
    /// The card schema's URL.
    #[serde(rename = "$schema", default, skip_serializing_if = "is_none")]
    pub schema: Option<String>,
    /// Reverse-DNS identifier with exactly one `/`.
    pub name: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub capabilities: Option<ServerCapabilities>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(rename = "websiteUrl", default, skip_serializing_if = "is_none")]
    pub website_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub repository: Option<MCPServerRepository>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icons: Option<Vec<MCPServerIcon>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub remotes: Option<Vec<MCPServerRemote>>,
    /// What the server needs from its clients.
    #[serde(default, skip_serializing_if = "is_none")]
    pub requires: Option<ClientCapabilities>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub resources: Option<CardResources>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<CardTools>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub prompts: Option<CardPrompts>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<MCPServerCardMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

string_or! {
    /// `MCPServerCard.resources`: `"dynamic"` (ask the server) or the list.
    pub enum CardResources {
        Dynamic(String),
        List(Vec<MCPResource>),
    }
    expecting = "\"dynamic\" or an array of resources", other = seq;
}

string_or! {
    /// `MCPServerCard.tools`: `"dynamic"` (ask the server) or the list.
    pub enum CardTools {
        Dynamic(String),
        List(Vec<MCPServerCardTool>),
    }
    expecting = "\"dynamic\" or an array of tools", other = seq;
}

string_or! {
    /// `MCPServerCard.prompts`: `"dynamic"` (ask the server) or the list.
    pub enum CardPrompts {
        Dynamic(String),
        List(Vec<MCPPrompt>),
    }
    expecting = "\"dynamic\" or an array of prompts", other = seq;
}

/// `MCPServerCardMeta`: a card's `_meta`; Mistral's member is typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerCardMeta {
    #[serde(rename = "ai.mistral/turbine", default, skip_serializing_if = "is_none")]
    pub turbine: Option<TurbineMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `TurbineMeta`: Mistral's metadata about a server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TurbineMeta {
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub locale: Option<ServerLocale>,
}

/// `ServerLocale`: translated texts, keyed by `MCPSupportedLanguage` codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ServerLocale {
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub usage_sentence: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub working_description: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub done_description: Option<LocalizedText>,
}

/// `MCPServerRepository`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerRepository {
    pub url: String,
    /// E.g. `github`.
    pub source: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub subfolder: Option<String>,
}

/// `MCPServerRemote`: a transport endpoint of the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerRemote {
    #[serde(rename = "type")]
    pub transport: RemoteTransport,
    pub url: String,
    #[serde(rename = "supportedProtocolVersions", default, skip_serializing_if = "is_none")]
    pub supported_protocol_versions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub headers: Option<Vec<MCPServerRemoteHeader>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub authentication: Option<MCPServerAuthenticationRequirement>,
}

string_enum! {
    /// `MCPServerRemote.type`.
    pub enum RemoteTransport {
        StreamableHttp = "streamable-http",
        Sse = "sse",
    }
}

/// `MCPServerRemoteHeader`: a header a client sends to the transport.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerRemoteHeader {
    pub name: String,
    pub description: String,
    #[serde(rename = "isRequired", default, skip_serializing_if = "is_none")]
    pub is_required: Option<bool>,
    #[serde(rename = "isSecret", default, skip_serializing_if = "is_none")]
    pub is_secret: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub choices: Option<Vec<String>>,
}

/// `MCPServerAuthenticationRequirement`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerAuthenticationRequirement {
    pub required: bool,
    /// E.g. `bearer`, `oauth2`. Defaults to none.
    #[serde(default, skip_serializing_if = "is_none")]
    pub schemes: Option<Vec<String>>,
}

/// `MCPResource`: a resource the server offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPResource {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    pub uri: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(rename = "mimeType", default, skip_serializing_if = "is_none")]
    pub mime_type: Option<String>,
    /// Bytes.
    #[serde(default, skip_serializing_if = "is_none")]
    pub size: Option<i64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icons: Option<Vec<MCPServerIcon>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `MCPPrompt`: a prompt template the server offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPPrompt {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub arguments: Option<Vec<PromptArgument>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icons: Option<Vec<MCPServerIcon>>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `PromptArgument`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PromptArgument {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub required: Option<bool>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
