//! The `Connector` resource, its tools as stored by Mistral, and the list
//! page that `GET /v1/connectors` returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::auth::{AuthenticationConfiguration, PublicAuthenticationMethod};
use super::execution::{ConnectionPreference, ExecutionConfig, PublicConnectionConfig, PublicExecutionEnv};
use super::server_card::MCPServerCard;
use crate::models::common::{is_none, string_enum, JsonObject};

/// `Connector`: an MCP server registered with Mistral, usable as a
/// `connector` tool by agents and conversations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Connector {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    pub description: String,
    pub created_at: String,
    pub modified_at: String,
    /// The MCP server's URL.
    #[serde(default, skip_serializing_if = "is_none")]
    pub server: Option<String>,
    /// Defaults to `mcp`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub protocol: Option<ConnectorProtocol>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icon_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub server_card: Option<MCPServerCard>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub owner_id: Option<String>,
    pub owner_type: ConsumerType,
    pub visibility: ResourceVisibility,
    #[serde(default, skip_serializing_if = "is_none")]
    pub creator_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub locale: Option<ConnectorLocale>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub supported_auth_methods: Option<Vec<PublicAuthenticationMethod>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub connection_preferences: Option<Vec<ConnectionPreference>>,
    /// Present when fetched with `fetch_user_data`/`fetch_customer_data`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub connection_credentials: Option<Vec<AuthenticationConfiguration>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub active: Option<bool>,
    pub private_tool_execution: bool,
    /// Whether Mistral provides this connector. Defaults to `false`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub mistral: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_authenticated: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tools: Option<Vec<ConnectorTool>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt_route: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub connection_config: Option<PublicConnectionConfig>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub execution_env: Option<PublicExecutionEnv>,
}

string_enum! {
    /// `ConnectorProtocol`.
    pub enum ConnectorProtocol {
        Mcp = "mcp",
        Http = "http",
        Turbine = "turbine",
    }
}

string_enum! {
    /// `ConsumerType`: who owns or uses a resource.
    pub enum ConsumerType {
        User = "user",
        Org = "org",
        Workspace = "workspace",
        System = "system",
    }
}

string_enum! {
    /// `ResourceVisibility`.
    pub enum ResourceVisibility {
        SharedGlobal = "shared_global",
        SharedOrg = "shared_org",
        SharedWorkspace = "shared_workspace",
        Private = "private",
    }
}

string_enum! {
    /// `PublicResourceVisibility`: the visibilities a caller may choose
    /// (`shared_global` is reserved for system connectors).
    #[derive(Default)]
    pub enum PublicResourceVisibility {
        SharedOrg = "shared_org",
        SharedWorkspace = "shared_workspace",
        #[default]
        Private = "private",
    }
}

string_enum! {
    /// `ConnectorSupportedLanguage`: the keys of [`LocalizedText`] in
    /// connector locales.
    pub enum ConnectorSupportedLanguage {
        En = "en",
        Fr = "fr",
        Ar = "ar",
        Es = "es",
        De = "de",
        Pl = "pl",
        PtBr = "pt-BR",
        It = "it",
        Nl = "nl",
    }
}

/// A text per language code (`en`, `fr`, `pt-BR`...). Keyed by string, not
/// by the language enums, so that a language added on the server decodes.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type LocalizedText = BTreeMap<String, String>;

/// `ConnectorLocale`: translated name, description and usage sentence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorLocale {
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub usage_sentence: LocalizedText,
}

/// `ConnectorToolLocale` (the same shape as [`ConnectorLocale`]).
#[cfg_attr(feature = "ts", tsify::declare)]
pub type ConnectorToolLocale = ConnectorLocale;

/// `ConnectorTool`: a tool of a connector as Mistral stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorTool {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub locale: Option<ConnectorToolLocale>,
    /// The tool's input JSON Schema, verbatim.
    #[serde(default, skip_serializing_if = "is_none")]
    pub jsonschema: Option<JsonObject>,
    /// Required but nullable: written as `null` when absent.
    #[serde(default)]
    pub execution_config: Option<ExecutionConfig>,
    pub visibility: ResourceVisibility,
    pub created_at: String,
    pub modified_at: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub active: Option<bool>,
}

/// `PaginatedConnectors`: one page of `GET /v1/connectors`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PaginatedConnectors {
    pub items: Vec<Connector>,
    pub pagination: PaginationResponse,
}

impl PaginatedConnectors {
    /// The cursor of the next page; `None` on the last page. An empty
    /// cursor counts as none: sending it back would restart the listing.
    pub fn next_cursor(&self) -> Option<&str> {
        self.pagination.next_cursor.as_deref().filter(|c| !c.is_empty())
    }
}

/// `PaginationResponse`: keyset pagination state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PaginationResponse {
    #[serde(default, skip_serializing_if = "is_none")]
    pub next_cursor: Option<String>,
    pub page_size: i64,
}

/// `ConnectorsQueryFilters`: the `query_filters` of `GET /v1/connectors`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorsQueryFilters {
    /// Only connectors active (or inactive) for the caller.
    #[serde(default, skip_serializing_if = "is_none")]
    pub active: Option<bool>,
}

/// `MessageResponse`: the acknowledgement of a delete.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MessageResponse {
    pub message: String,
}
