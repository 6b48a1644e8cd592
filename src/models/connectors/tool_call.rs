//! The result of `POST /v1/connectors/{id}/tools/{name}/call`: MCP content
//! blocks plus Mistral's metadata wrapper.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::mcp_tools::MCPServerIcon;
use super::open_object;
use crate::models::common::{from_value, is_none, variant_from, JsonObject, Role};

/// `ConnectorToolCallResponse`: MCP's `CallToolResult`, with
/// `structuredContent`, `isError` and `_meta` moved under `metadata.mcp_meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorToolCallResponse {
    pub content: Vec<ContentBlock>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub metadata: Option<ConnectorToolCallMetadata>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ConnectorToolCallResponse {
    /// Whether the tool reported a failure (MCP `isError`); the content then
    /// describes the error.
    pub fn is_error(&self) -> bool {
        self.metadata.as_ref().and_then(|m| m.mcp_meta.as_ref()).and_then(|m| m.is_error).unwrap_or(false)
    }

    /// The text blocks joined with newlines.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self
            .content
            .iter()
            .filter_map(|c| match c {
                ContentBlock::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        texts.join("\n")
    }
}

open_object! {
    /// `ConnectorToolCallMetadata`: namespaces the MCP result metadata under
    /// `mcp_meta` so it cannot collide with Mistral's own keys.
    pub struct ConnectorToolCallMetadata {
        mcp_meta: ConnectorToolResultMetadata,
    }
}

open_object! {
    /// `ConnectorToolResultMetadata`.
    pub struct ConnectorToolResultMetadata {
        /// Defaults to `false`.
        #[serde(rename = "isError")]
        is_error: bool,
        #[serde(rename = "structuredContent")]
        structured_content: JsonObject,
        #[serde(rename = "_meta")]
        meta: JsonObject,
    }
}

open_enum! {
    /// An item of `ConnectorToolCallResponse.content` (MCP's `ContentBlock`;
    /// unnamed in the spec).
    pub enum ContentBlock {
        "text" => Text(TextContent),
        "image" => Image(ImageContent),
        "audio" => Audio(AudioContent),
        "resource_link" => ResourceLink(ResourceLink),
        "resource" => Resource(EmbeddedResource),
    }
}

variant_from!(ContentBlock {
    Text(TextContent),
    Image(ImageContent),
    Audio(AudioContent),
    ResourceLink(ResourceLink),
    Resource(EmbeddedResource),
});

/// `TextContent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TextContent {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ImageContent`: base64 image data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ImageContent {
    pub data: String,
    #[serde(rename = "mimeType")]
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `AudioContent`: base64 audio data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AudioContent {
    pub data: String,
    #[serde(rename = "mimeType")]
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ResourceLink`: a resource the client may read; not necessarily listed
/// by `resources/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ResourceLink {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    pub uri: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(rename = "mimeType", default, skip_serializing_if = "is_none")]
    pub mime_type: Option<String>,
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

/// `EmbeddedResource`: a resource's contents inlined in the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EmbeddedResource {
    pub resource: ResourceContents,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `EmbeddedResource.resource`: text or binary contents (the spec's unnamed
/// `anyOf`), told apart by `blob`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), serde(untagged))]
pub enum ResourceContents {
    Text(TextResourceContents),
    Blob(BlobResourceContents),
}

variant_from!(ResourceContents { Text(TextResourceContents), Blob(BlobResourceContents) });

impl Serialize for ResourceContents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(v) => v.serialize(s),
            Self::Blob(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ResourceContents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            if value.get("blob").is_some() {
                from_value(value).map(Self::Blob)
            } else {
                from_value(value).map(Self::Text)
            }
        })
    }
}

/// `TextResourceContents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TextResourceContents {
    pub uri: String,
    #[serde(rename = "mimeType", default, skip_serializing_if = "is_none")]
    pub mime_type: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    pub text: String,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `BlobResourceContents`: base64 binary contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BlobResourceContents {
    pub uri: String,
    #[serde(rename = "mimeType", default, skip_serializing_if = "is_none")]
    pub mime_type: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<JsonObject>,
    pub blob: String,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_object! {
    /// `Annotations`: who a piece of content is for, and how important it is.
    pub struct Annotations {
        audience: Vec<Role>,
        /// 0 (least) to 1 (most important).
        priority: f64,
    }
}
