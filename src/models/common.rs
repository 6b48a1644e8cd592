//! Pieces shared by the conversation, agent and chat wire types: open string
//! enums, `string | X` unions, usage, completion arguments and guardrails.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Declares a string enum whose unknown values are kept in `Other(String)`.
///
/// Roles, statuses and the like grow on the server side; a closed enum would
/// make a new value a decode error in every deployed SDK. Build values with
/// `From<&str>` (not `Other` directly) so that a known string always maps to
/// its named variant and equality stays meaningful.
///
/// With the `ts` feature it also declares the TypeScript type: the known
/// values, plus `(string & {})` for the others (which keeps the known ones
/// offered by editors, where a bare `string` would swallow them).
macro_rules! string_enum {
    (
        $(#[$mname:ident $($margs:tt)*])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$mname $($margs)*])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this SDK version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $wire => Self::$variant, )+
                    _ => Self::Other(s),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from)
            }
        }

        $crate::ts_section!(
            "/**\n",
            $( $crate::ts_doc_line!($mname $($margs)*), )*
            " *\n * Other values are accepted, and passed through as sent.\n */\n",
            "export type ", stringify!($name), " = ",
            $( stringify!($wire), " | ", )+
            "(string & {});",
        );
    };
}
pub(crate) use string_enum;

/// Declares an untagged `anyOf: [string, X]` union.
///
/// Hand-written instead of `#[serde(untagged)]` so that a malformed `X`
/// reports its own error with its path (untagged enums only say "did not
/// match any variant"), and so that no input is buffered. `other` names the
/// JSON kinds handed to `X`: `seq`, `map` or `int`.
///
/// For the TypeScript declaration (`ts` feature), tsify reads the union as
/// `untagged`, which is what the impls below read and write.
macro_rules! string_or {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(#[$smeta:meta])* $svar:ident(String),
            $(#[$ometa:meta])* $ovar:ident($oty:ty),
        }
        expecting = $exp:literal, other = $kind:ident;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "ts", derive(::tsify::Tsify), serde(untagged))]
        $vis enum $name {
            $(#[$smeta])* $svar(String),
            $(#[$ometa])* $ovar($oty),
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::$svar(v) => s.serialize_str(v),
                    Self::$ovar(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($exp)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::$svar(v.to_owned()))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<$name, E> {
                        Ok($name::$svar(v))
                    }
                    $crate::models::common::string_or!(@$kind 'de $name $ovar $oty);
                }
                d.deserialize_any(V)
            }
        }
    };
    (@seq $de:lifetime $name:ident $ovar:ident $oty:ty) => {
        fn visit_seq<A: ::serde::de::SeqAccess<$de>>(self, seq: A) -> Result<$name, A::Error> {
            <$oty as ::serde::Deserialize>::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq))
                .map($name::$ovar)
        }
    };
    (@map $de:lifetime $name:ident $ovar:ident $oty:ty) => {
        // Buffered and decoded from its text: a union inside `X` reads its
        // member's text, which a map handed over piecewise cannot give.
        fn visit_map<A: ::serde::de::MapAccess<$de>>(self, map: A) -> Result<$name, A::Error> {
            let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(
                ::serde::de::value::MapAccessDeserializer::new(map),
            )?;
            $crate::models::common::from_value(value).map($name::$ovar)
        }
    };
    (@int $de:lifetime $name:ident $ovar:ident $oty:ty) => {
        fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<$name, E> {
            Ok($name::$ovar(v))
        }
        fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<$name, E> {
            i64::try_from(v)
                .map($name::$ovar)
                .map_err(|_| E::invalid_value(::serde::de::Unexpected::Unsigned(v), &self))
        }
    };
}
pub(crate) use string_or;

/// `impl From<Struct> for Enum` for each variant of a union.
macro_rules! variant_from {
    ($enum:ident { $( $variant:ident($ty:ty) ),+ $(,)? }) => {
        $( impl ::std::convert::From<$ty> for $enum {
            fn from(v: $ty) -> Self { Self::$variant(v) }
        } )+
    };
}
pub(crate) use variant_from;

/// Decodes a buffered value, naming the failing path in the message (the
/// path is otherwise lost once a value has been buffered).
pub(crate) fn from_value<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    crate::json_path::decode_value(&value).map_err(|e| E::custom(crate::json_path::nest(e)))
}

/// `skip_serializing_if` of optional members. The same test as
/// `Option::is_none`, under another path: tsify reads that exact path as "the
/// member is never `null`" and would declare it `name?: T`, while serde reads
/// `null` as `None` (and the server sends `null` for unset members), so the
/// declaration must be `name?: T | null`.
pub(crate) fn is_none<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// A JSON object with free-form members (JSON Schemas, metadata, tool
/// arguments), passed through untouched.
pub type JsonObject = Map<String, Value>;

crate::ts_section!(
    "/** Any JSON value (a free-form member: read it by narrowing). */\n",
    "export type JsonValue = unknown;\n",
    "/** A JSON object with free-form members (JSON Schemas, metadata, tool arguments), passed through untouched. */\n",
    "export type JsonObject = { [key: string]: JsonValue };",
);

/// `MetadataDict`: free-form metadata, passed through untouched.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MetadataDict = JsonObject;

string_enum! {
    /// The `object` field of API resources.
    pub enum ObjectType {
        Entry = "entry",
        Conversation = "conversation",
        ConversationResponse = "conversation.response",
        ConversationHistory = "conversation.history",
        ConversationMessages = "conversation.messages",
        Agent = "agent",
        List = "list",
        Model = "model",
    }
}

string_enum! {
    /// Who authored a message (`role`).
    pub enum Role {
        User = "user",
        Assistant = "assistant",
        System = "system",
        Tool = "tool",
    }
}

/// `ConversationUsageInfo`. The counters default to 0 as in the spec, so a
/// stream's final event that omits one (the recorded docs stream has no
/// `connector_tokens`) still decodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationUsageInfo {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    #[serde(default, skip_serializing_if = "is_none")]
    pub connector_tokens: Option<u64>,
    /// Tokens per connector name.
    #[serde(default, skip_serializing_if = "is_none")]
    pub connectors: Option<BTreeMap<String, u64>>,
}

/// `CompletionArgs`: the white-listed sampling arguments of agents and
/// conversations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CompletionArgs {
    #[serde(default, skip_serializing_if = "is_none")]
    pub stop: Option<CompletionArgsStop>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub presence_penalty: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub frequency_penalty: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub top_p: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub max_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub random_seed: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub prediction: Option<Prediction>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub response_format: Option<ResponseFormat>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_choice: Option<ToolChoiceEnum>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub reasoning_effort: Option<ReasoningEffort>,
}

string_or! {
    /// `CompletionArgsStop` (its `null` arm is the `Option` around it).
    pub enum CompletionArgsStop {
        One(String),
        Many(Vec<String>),
    }
    expecting = "a string or an array of strings", other = seq;
}

/// `Prediction`: expected output that speeds up generation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Prediction {
    /// Always `content` today; kept open so a new kind decodes.
    #[serde(rename = "type", default)]
    pub kind: PredictionType,
    #[serde(default, skip_serializing_if = "is_none")]
    pub content: Option<String>,
}

string_enum! {
    /// `Prediction.type`.
    #[derive(Default)]
    pub enum PredictionType {
        #[default]
        Content = "content",
    }
}

/// `ResponseFormat`: text, JSON mode, or JSON-schema mode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ResponseFormat {
    #[serde(rename = "type", default)]
    pub kind: ResponseFormats,
    #[serde(default, skip_serializing_if = "is_none")]
    pub json_schema: Option<JsonSchema>,
}

impl ResponseFormat {
    /// JSON-schema mode with the given named schema.
    pub fn json_schema(schema: JsonSchema) -> Self {
        Self { kind: ResponseFormats::JsonSchema, json_schema: Some(schema) }
    }
}

string_enum! {
    /// `ResponseFormats`.
    #[derive(Default)]
    pub enum ResponseFormats {
        #[default]
        Text = "text",
        JsonObject = "json_object",
        JsonSchema = "json_schema",
    }
}

/// `JsonSchema`: a named JSON Schema for structured output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct JsonSchema {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    /// The JSON Schema itself, verbatim.
    pub schema: JsonObject,
    #[serde(default, skip_serializing_if = "is_none")]
    pub strict: Option<bool>,
}

string_enum! {
    /// `ToolChoiceEnum`.
    pub enum ToolChoiceEnum {
        Auto = "auto",
        None = "none",
        Any = "any",
        Required = "required",
    }
}

string_enum! {
    /// `ReasoningEffort`.
    pub enum ReasoningEffort {
        None = "none",
        Minimal = "minimal",
        Low = "low",
        Medium = "medium",
        High = "high",
        Xhigh = "xhigh",
    }
}

/// `GuardrailConfig`: server-side moderation of a conversation or agent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct GuardrailConfig {
    #[serde(default, skip_serializing_if = "is_none")]
    pub block_on_error: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub moderation_llm_v1: Option<ModerationLLMV1Config>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub moderation_llm_v2: Option<ModerationLLMV2Config>,
}

/// `ModerationLLMV1Config`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ModerationLLMV1Config {
    #[serde(default, skip_serializing_if = "is_none")]
    pub model_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub custom_category_thresholds: Option<ModerationLLMV1CategoryThresholds>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub ignore_other_categories: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub action: Option<ModerationLLMAction>,
}

/// `ModerationLLMV2Config`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ModerationLLMV2Config {
    #[serde(default, skip_serializing_if = "is_none")]
    pub model_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub custom_category_thresholds: Option<ModerationLLMV2CategoryThresholds>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub ignore_other_categories: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub action: Option<ModerationLLMAction>,
}

string_enum! {
    /// `ModerationLLMAction`.
    pub enum ModerationLLMAction {
        None = "none",
        Block = "block",
    }
}

/// Declares a struct of optional `f64` thresholds, one per category.
macro_rules! thresholds {
    ($(#[$meta:meta])* $name:ident { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub struct $name {
            $( #[serde(default, skip_serializing_if = "is_none")]
               pub $field: Option<f64>, )+
        }
    };
}

thresholds! {
    /// `ModerationLLMV1CategoryThresholds`.
    ModerationLLMV1CategoryThresholds {
        sexual, hate_and_discrimination, violence_and_threats, dangerous_and_criminal_content,
        selfharm, health, financial, law, pii,
    }
}

thresholds! {
    /// `ModerationLLMV2CategoryThresholds`.
    ModerationLLMV2CategoryThresholds {
        sexual, hate_and_discrimination, violence_and_threats, dangerous, criminal,
        selfharm, health, financial, law, pii, jailbreaking,
    }
}
