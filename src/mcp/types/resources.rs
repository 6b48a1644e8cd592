//! Resources: data a server exposes by URI, their templates, listing,
//! reading, and (up to 2025-11-25) subscribing to updates.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::content::Annotations;
use super::input::InputResponses;
use super::meta::{CacheScope, Icon, Meta, NotificationMeta, Page, RequestMeta, ResultMeta, ResultType};
use crate::models::common::{from_value, JsonObject};

/// `Resource`: a listed resource (and, with `type: "resource_link"`, a link
/// to one in a tool result).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub uri: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Size in bytes of the raw content, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ResourceTemplate`: a family of resources under an RFC 6570 URI template.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTemplate {
    pub uri_template: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `TextResourceContents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextResourceContents {
    pub uri: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `BlobResourceContents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobResourceContents {
    pub uri: String,
    /// Base64.
    pub blob: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A resource's contents: text or binary. The schema's untagged
/// `anyOf [TextResourceContents, BlobResourceContents]`, told apart by which
/// of `text` and `blob` is present.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourceContents {
    Text(TextResourceContents),
    Blob(BlobResourceContents),
}

impl ResourceContents {
    pub fn uri(&self) -> &str {
        match self {
            Self::Text(t) => &t.uri,
            Self::Blob(b) => &b.uri,
        }
    }
}

impl Serialize for ResourceContents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(t) => t.serialize(s),
            Self::Blob(b) => b.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ResourceContents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            if value.get("text").is_some() {
                from_value(value).map(Self::Text)
            } else if value.get("blob").is_some() {
                from_value(value).map(Self::Blob)
            } else {
                Err(serde::de::Error::custom("resource contents need `text` or `blob`"))
            }
        })
    }
}

/// `ListResourcesResult`: one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResourcesResult {
    pub resources: Vec<Resource>,
    /// The cursor, caching hints, `_meta` and unknown members.
    #[serde(flatten)]
    pub page: Page,
}

/// `ListResourceTemplatesResult`: one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResourceTemplatesResult {
    pub resource_templates: Vec<ResourceTemplate>,
    /// The cursor, caching hints, `_meta` and unknown members.
    #[serde(flatten)]
    pub page: Page,
}

/// `ReadResourceRequestParams`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceRequestParams {
    pub uri: String,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// 2026-07-28: answers to the server's `inputRequests`, on a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// 2026-07-28: echoed from an `InputRequiredResult`, on a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ReadResourceResult`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceResult {
    pub contents: Vec<ResourceContents>,
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
    pub extra: JsonObject,
}

/// `SubscribeRequestParams` and `UnsubscribeRequestParams` (up to
/// 2025-11-25; 2026-07-28 replaced them with `subscriptions/listen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequestParams {
    pub uri: String,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ResourceUpdatedNotificationParams`: a watched resource changed; read it
/// again to see how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceUpdatedNotificationParams {
    pub uri: String,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
