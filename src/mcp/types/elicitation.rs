//! Elicitation: a server asks the user for input, through a form the client
//! renders (`form` mode) or a page the user visits (`url` mode, 2025-11-25+).
//! A server request up to 2025-11-25, an `inputRequests` entry in
//! 2026-07-28; the client answers through a handler the application supplies.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::elicitation_schema::RequestedSchema;
use super::meta::{Meta, NotificationMeta, RequestMeta};
use super::open::open_string_enum;
use crate::models::common::{from_value, JsonObject};
use crate::models::open_enum::from_tagged;

/// The `mode` member of form params, which only says `"form"` and may be
/// left out (2025-06-18 has no modes; form is the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormMode;

impl Serialize for FormMode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("form")
    }
}

impl<'de> Deserialize<'de> for FormMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::checked(d, |mode: String| match mode.as_str() {
            "form" => Ok(Self),
            _ => Err("expected \"form\""),
        })
    }
}

/// `ElicitRequestFormParams`: show a form for `requestedSchema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestFormParams {
    /// Kept as sent: present or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<FormMode>,
    /// Why the server asks.
    pub message: String,
    pub requested_schema: RequestedSchema,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ElicitRequestURLParams`: have the user open `url` (credentials, payment:
/// anything that must not pass through the client). `mode: "url"` is
/// written and read by [`ElicitRequestParams`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestUrlParams {
    pub message: String,
    pub url: String,
    /// 2025-11-25: matched by `notifications/elicitation/complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elicitation_id: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ElicitRequestParams`: by `mode`, form when absent. A mode this SDK does
/// not know is kept as sent (the client then declines it).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ElicitRequestParams {
    Form(ElicitRequestFormParams),
    Url(ElicitRequestUrlParams),
    Unknown(Value),
}

impl Serialize for ElicitRequestParams {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ByMode<'a, T> {
            mode: &'static str,
            #[serde(flatten)]
            inner: &'a T,
        }
        match self {
            Self::Form(form) => form.serialize(s),
            Self::Url(url) => ByMode { mode: "url", inner: url }.serialize(s),
            Self::Unknown(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ElicitRequestParams {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            if !value.is_object() {
                return Err(D::Error::custom("elicitation params must be a JSON object"));
            }
            // Owned, so that `value` can be moved into the variant.
            let mode = value.get("mode").map(|m| m.as_str().map(str::to_owned));
            match mode {
                None => from_value(value).map(Self::Form),
                Some(Some(mode)) if mode == "form" => from_value(value).map(Self::Form),
                Some(Some(mode)) if mode == "url" => {
                    from_tagged(value, "mode").map(Self::Url).map_err(|e| D::Error::custom(format_args!("url mode: {e}")))
                }
                Some(Some(_)) => Ok(Self::Unknown(value)),
                Some(None) => Err(D::Error::custom("`mode` must be a string")),
            }
        })
    }
}

open_string_enum! {
    /// `ElicitResult.action`.
    pub enum ElicitAction {
        /// The user submitted (form: `content` holds the values).
        Accept = "accept",
        /// The user said no.
        Decline = "decline",
        /// The user dismissed it without choosing.
        Cancel = "cancel",
    }
}

/// `ElicitResult`: the client's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElicitResult {
    pub action: ElicitAction,
    /// Form mode with `accept`: the values by property name (strings,
    /// numbers, booleans, or lists of strings), as the user entered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<JsonObject>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ElicitResult {
    /// An answer without content (decline, cancel, or a URL-mode accept).
    pub fn new(action: ElicitAction) -> Self {
        Self { action, content: None, meta: None, extra: JsonObject::new() }
    }
}

/// `notifications/elicitation/complete` params (2025-11-25): the URL-mode
/// elicitation with this id is done, and requests it blocked may be retried.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationCompleteNotificationParams {
    pub elicitation_id: String,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The `data` of a `-32042` error (2025-11-25): the URL elicitations to
/// complete before retrying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlElicitationRequiredData {
    pub elicitations: Vec<ElicitRequestParams>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
