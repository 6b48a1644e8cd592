//! What every request, result and notification can carry: `_meta` (with the
//! keys MCP reserves in it), progress tokens, cursors, the result kind and
//! cache hints, and icons.
//!
//! 2026-07-28 moved the handshake into `_meta`: every request states its
//! protocol version and client capabilities there, and results name the
//! server there. Earlier revisions only put `progressToken` in it. The typed
//! `_meta` structs below hold the union, all optional, so one type serves
//! both eras; anything else in `_meta` is kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::lifecycle::{ClientCapabilities, Implementation};
use super::logging::LoggingLevel;
use super::open::open_string_enum;
use crate::mcp::jsonrpc::{integral, RequestId};
use crate::models::common::JsonObject;

/// A free-form `_meta` object (on tools, resources, content, ...).
pub type Meta = JsonObject;

/// An opaque pagination cursor: sent back verbatim, never interpreted.
pub type Cursor = String;

/// `_meta` key of the protocol version a 2026-07-28 request is made in.
pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
/// `_meta` key of the capabilities a 2026-07-28 client declares per request.
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
/// `_meta` key of the client's name and version (2026-07-28).
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
/// `_meta` key of the log level the client asks for (2026-07-28, replacing
/// `logging/setLevel`).
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";
/// `_meta` key of the server's name and version in a result (2026-07-28).
pub const META_SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";
/// `_meta` key tying a notification to its `subscriptions/listen` stream.
pub const META_SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// Ties `notifications/progress` to the request that asked for it. Chosen
/// by the client, unique among its requests in flight.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProgressToken {
    Number(i64),
    String(String),
}

impl ProgressToken {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(Self::String(s.clone())),
            Value::Number(n) => integral(n).map(Self::Number),
            _ => None,
        }
    }
}

/// A request's id makes a token that is unique for as long as the request
/// is, which is exactly what the spec asks of a token.
impl From<&RequestId> for ProgressToken {
    fn from(id: &RequestId) -> Self {
        match id {
            RequestId::Number(n) => Self::Number(*n),
            RequestId::String(s) => Self::String(s.clone()),
        }
    }
}

impl From<&str> for ProgressToken {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<i64> for ProgressToken {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl Serialize for ProgressToken {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => s.serialize_i64(*n),
            Self::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for ProgressToken {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| Self::from_json(&value).ok_or("expected a string or an integer token"))
    }
}

/// A request's `_meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestMeta {
    /// Asks for `notifications/progress` about this request.
    #[serde(rename = "progressToken", default, skip_serializing_if = "Option::is_none")]
    pub progress_token: Option<ProgressToken>,
    /// 2026-07-28: required on every request.
    #[serde(rename = "io.modelcontextprotocol/protocolVersion", default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    /// 2026-07-28: required on every request.
    #[serde(rename = "io.modelcontextprotocol/clientCapabilities", default, skip_serializing_if = "Option::is_none")]
    pub client_capabilities: Option<ClientCapabilities>,
    #[serde(rename = "io.modelcontextprotocol/clientInfo", default, skip_serializing_if = "Option::is_none")]
    pub client_info: Option<Implementation>,
    #[serde(rename = "io.modelcontextprotocol/logLevel", default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<LoggingLevel>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl RequestMeta {
    /// The `_meta` a 2026-07-28 request must carry: it replaces the
    /// `initialize` handshake of earlier revisions.
    pub fn stateless(
        protocol_version: impl Into<String>,
        capabilities: ClientCapabilities,
        client_info: Option<Implementation>,
    ) -> Self {
        Self {
            protocol_version: Some(protocol_version.into()),
            client_capabilities: Some(capabilities),
            client_info,
            ..Self::default()
        }
    }
}

/// A result's `_meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultMeta {
    /// 2026-07-28: the server's name and version.
    #[serde(rename = "io.modelcontextprotocol/serverInfo", default, skip_serializing_if = "Option::is_none")]
    pub server_info: Option<Implementation>,
    /// 2026-07-28, on the result that ends a `subscriptions/listen` stream.
    #[serde(rename = "io.modelcontextprotocol/subscriptionId", default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<RequestId>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A notification's `_meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationMeta {
    /// 2026-07-28: the `subscriptions/listen` stream that delivered it.
    #[serde(rename = "io.modelcontextprotocol/subscriptionId", default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<RequestId>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_string_enum! {
    /// `resultType` (2026-07-28). Absent in results of earlier revisions,
    /// which the spec says to read as `complete`.
    pub enum ResultType {
        Complete = "complete",
        /// The server needs answers first; see `input::InputRequiredResult`.
        InputRequired = "input_required",
    }
}

open_string_enum! {
    /// `cacheScope` (2026-07-28): who may reuse a cached result, like HTTP's
    /// `Cache-Control: public` / `private`.
    pub enum CacheScope {
        Public = "public",
        Private = "private",
    }
}

/// The params of a request that has nothing but `_meta` (`ping`,
/// `server/discover`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestParams {
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The params of the `*/list` requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaginatedRequestParams {
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// The previous page's `nextCursor`; absent for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cursor>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A result with nothing in it (`ping`, `logging/setLevel`, subscribe).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyResult {
    #[serde(rename = "resultType", default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ResultMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_string_enum! {
    /// `Icon.theme`: the background the icon is drawn for.
    pub enum IconTheme {
        Light = "light",
        Dark = "dark",
    }
}

/// `Icon`: an image a UI may show next to a server, tool, resource or prompt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Icon {
    /// An `https:` or `data:` URI.
    pub src: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// `"48x48"`, `"any"`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<IconTheme>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// What every paginated list result carries besides its items: the cursor
/// of the next page, the 2026-07-28 caching hints, and members this SDK does
/// not know. Flattened into `ListToolsResult` and its siblings so the four
/// list results share one definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<Cursor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_scope: Option<CacheScope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ResultMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: crate::models::common::JsonObject,
}
