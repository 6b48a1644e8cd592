//! The restricted JSON Schema of a form elicitation: a flat object whose
//! properties are strings, numbers, booleans or enums (single or multiple
//! choice, with or without display titles).
//!
//! Typed, because the client renders a form from it: each kind needs a
//! different widget. The schema's union has no discriminator member of its
//! own, so the kind is read from `type` and the shape (`enum`, `oneOf`,
//! `items.anyOf`); an unrecognised property is kept as raw JSON, so one
//! exotic field does not make the whole request unreadable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::open::open_string_enum;
use crate::models::common::{from_value, JsonObject};
use crate::models::open_enum::{from_tagged, serialize_tagged};

/// `ElicitRequestFormParams.requestedSchema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestedSchema {
    /// Always `"object"`.
    pub r#type: String,
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub properties: BTreeMap<String, PrimitiveSchemaDefinition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_string_enum! {
    /// `StringSchema.format`.
    pub enum StringFormat {
        Email = "email",
        Uri = "uri",
        Date = "date",
        DateTime = "date-time",
    }
}

/// `StringSchema`: a free-text field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StringSchema {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<StringFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_string_enum! {
    /// `NumberSchema.type`.
    pub enum NumberType {
        Number = "number",
        Integer = "integer",
    }
}

/// `NumberSchema`. Keeps its own `type`, which says whether decimals are
/// allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberSchema {
    pub r#type: NumberType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<f64>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `BooleanSchema`: a checkbox.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BooleanSchema {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// One choice with a display title (`{ const, title }`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnumOption {
    /// The value sent back.
    pub r#const: String,
    /// What the user sees.
    pub title: String,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `UntitledSingleSelectEnumSchema`: pick one of `enum`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledSingleSelectEnumSchema {
    pub r#enum: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `TitledSingleSelectEnumSchema`: pick one of `oneOf`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledSingleSelectEnumSchema {
    pub one_of: Vec<EnumOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `LegacyTitledEnumSchema`: `enum` with parallel `enumNames` (deprecated,
/// still sent by 2025-06-18 servers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTitledEnumSchema {
    pub r#enum: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `UntitledMultiSelectEnumSchema.items`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledEnumItems {
    /// Always `"string"`.
    pub r#type: String,
    pub r#enum: Vec<String>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `TitledMultiSelectEnumSchema.items`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledEnumItems {
    pub any_of: Vec<EnumOption>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `UntitledMultiSelectEnumSchema`: pick several of `items.enum`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UntitledMultiSelectEnumSchema {
    pub items: UntitledEnumItems,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `TitledMultiSelectEnumSchema`: pick several of `items.anyOf`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledMultiSelectEnumSchema {
    pub items: TitledEnumItems,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `PrimitiveSchemaDefinition`: one field of the form.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PrimitiveSchemaDefinition {
    String(StringSchema),
    Number(NumberSchema),
    Boolean(BooleanSchema),
    UntitledSingleSelect(UntitledSingleSelectEnumSchema),
    TitledSingleSelect(TitledSingleSelectEnumSchema),
    UntitledMultiSelect(UntitledMultiSelectEnumSchema),
    TitledMultiSelect(TitledMultiSelectEnumSchema),
    LegacyTitledEnum(LegacyTitledEnumSchema),
    /// A field this SDK does not recognise, kept as sent.
    Unknown(Value),
}

impl Serialize for PrimitiveSchemaDefinition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(x) => serialize_tagged(s, "type", "string", x),
            Self::Number(x) => x.serialize(s),
            Self::Boolean(x) => serialize_tagged(s, "type", "boolean", x),
            Self::UntitledSingleSelect(x) => serialize_tagged(s, "type", "string", x),
            Self::TitledSingleSelect(x) => serialize_tagged(s, "type", "string", x),
            Self::UntitledMultiSelect(x) => serialize_tagged(s, "type", "array", x),
            Self::TitledMultiSelect(x) => serialize_tagged(s, "type", "array", x),
            Self::LegacyTitledEnum(x) => serialize_tagged(s, "type", "string", x),
            Self::Unknown(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for PrimitiveSchemaDefinition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            let has = |key: &str| value.get(key).is_some();
            let kind = value.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
            Ok(match kind.as_str() {
                "boolean" => Self::Boolean(tagged::<_, D::Error>(value)?),
                "number" | "integer" => Self::Number(from_value(value)?),
                "string" if has("oneOf") => Self::TitledSingleSelect(tagged::<_, D::Error>(value)?),
                "string" if has("enum") && has("enumNames") => Self::LegacyTitledEnum(tagged::<_, D::Error>(value)?),
                "string" if has("enum") => Self::UntitledSingleSelect(tagged::<_, D::Error>(value)?),
                "string" => Self::String(tagged::<_, D::Error>(value)?),
                "array" if value.pointer("/items/anyOf").is_some() => {
                    Self::TitledMultiSelect(tagged::<_, D::Error>(value)?)
                }
                "array" => Self::UntitledMultiSelect(tagged::<_, D::Error>(value)?),
                _ => Self::Unknown(value),
            })
        })
    }
}

/// A variant's struct from the object minus `type`.
fn tagged<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    from_tagged(value, "type").map_err(E::custom)
}
