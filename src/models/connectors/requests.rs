//! Bodies of `POST /v1/connectors`, `PATCH /v1/connectors/{id}` and
//! `POST /v1/connectors/{id}/tools/{name}/call`.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::auth::{AuthData, AuthenticationMethodCreateOrUpdateRequest, ExtendedOAuthServerMetadata, GlobalHeaders};
use super::connector::PublicResourceVisibility;
use crate::models::common::{is_none, JsonObject};

/// The `protocol` of create and update requests. The public endpoint only
/// accepts `mcp` (the spec pins it with `const`), so the value is fixed by
/// the type and anything else is refused when decoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct McpProtocol;

impl Serialize for McpProtocol {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("mcp")
    }
}

crate::ts_section!(
    "/** The `protocol` of create and update requests: the public API only creates MCP connectors (absent or `null`\n",
    " * means `\"mcp\"` too). */\n",
    "export type McpProtocol = \"mcp\" | null;",
);

impl<'de> Deserialize<'de> for McpProtocol {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::checked(d, |protocol: Option<String>| match protocol.as_deref() {
            None | Some("mcp") => Ok(McpProtocol),
            Some(other) => Err(format!(
                "`protocol` must be \"mcp\" (the only protocol the public API creates), not {other:?}"
            )),
        })
    }
}

/// Headers sent to the MCP server. Usually credentials, so `Debug` shows
/// the header names only.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(transparent)]
pub struct SecretHeaders(pub JsonObject);

impl SecretHeaders {
    /// Adds a header.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.insert(name.into(), Value::String(value.into()));
        self
    }
}

impl fmt::Debug for SecretHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.keys().map(|k| (k, "<redacted>"))).finish()
    }
}

/// `CreateConnectorRequest`: register an MCP server as a connector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CreateConnectorRequest {
    #[serde(default)]
    pub protocol: McpProtocol,
    /// At most 64 characters: letters, digits, `_` and `-`.
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icon_url: Option<String>,
    /// Defaults to `private`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub visibility: Option<PublicResourceVisibility>,
    /// The MCP server's URL.
    pub server: String,
    /// Organization-level headers sent to the MCP server.
    #[serde(default, skip_serializing_if = "is_none")]
    pub headers: Option<SecretHeaders>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub global_headers: Option<GlobalHeaders>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub auth_data: Option<AuthData>,
    /// Skips `.well-known` discovery when given.
    #[serde(default, skip_serializing_if = "is_none")]
    pub oauth2_server_metadata: Option<ExtendedOAuthServerMetadata>,
    /// Where to fetch the metadata from instead of `.well-known` (RFC 8414);
    /// mutually exclusive with `oauth2_server_metadata`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub oauth2_server_metadata_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt: Option<String>,
}

impl CreateConnectorRequest {
    pub fn new(name: impl Into<String>, description: impl Into<String>, server: impl Into<String>) -> Self {
        Self { name: name.into(), description: description.into(), server: server.into(), ..Self::default() }
    }

    pub fn with_visibility(mut self, visibility: PublicResourceVisibility) -> Self {
        self.visibility = Some(visibility);
        self
    }

    /// Adds an organization-level header (e.g. `Authorization`).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers = Some(self.headers.take().unwrap_or_default().with(name, value));
        self
    }
}

/// `UpdateConnectorRequest`: change a connector; absent members are left
/// as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct UpdateConnectorRequest {
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icon_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub system_prompt: Option<String>,
    /// Only ever `mcp`; optional so that a patch carries only what changes.
    #[serde(default, skip_serializing_if = "is_none")]
    pub protocol: Option<McpProtocol>,
    /// The new MCP server URL.
    #[serde(default, skip_serializing_if = "is_none")]
    pub server: Option<String>,
    /// Authentication methods to add or change.
    #[serde(default, skip_serializing_if = "is_none")]
    pub auth_methods: Option<Vec<AuthenticationMethodCreateOrUpdateRequest>>,
}

/// `ConnectorCallToolRequest`: the arguments of an MCP tool call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorCallToolRequest {
    #[serde(default, skip_serializing_if = "is_none")]
    pub arguments: Option<JsonObject>,
}

impl ConnectorCallToolRequest {
    pub fn new(arguments: Map<String, Value>) -> Self {
        Self { arguments: Some(arguments) }
    }
}
