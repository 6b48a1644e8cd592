//! Model cards: what `GET /v1/models` lists and `GET /v1/models/{id}` returns,
//! and the answer to deleting a fine-tuned model.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{is_none, variant_from, ObjectType};

open_enum! {
    /// A model card: `BaseModelCard | FTModelCard`, by `type`.
    ///
    /// A card without `type` is read as a base card, the spec's default for
    /// that member.
    pub enum ModelCard {
        "base" => Base(BaseModelCard),
        "fine-tuned" => FineTuned(FTModelCard),
    }
    missing => Base;
}

variant_from!(ModelCard { Base(BaseModelCard), FineTuned(FTModelCard) });

impl ModelCard {
    /// The members every known card has (for a fine-tuned card, its `base`).
    pub fn base(&self) -> Option<&BaseModelCard> {
        match self {
            Self::Base(card) => Some(card),
            Self::FineTuned(card) => Some(&card.base),
            Self::Unknown(_) => None,
        }
    }

    /// The model id, also for unknown card types.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Unknown(v) => v.get("id").and_then(|id| id.as_str()),
            known => known.base().map(|card| card.id.as_str()),
        }
    }
}

/// `BaseModelCard`: one of Mistral's models.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BaseModelCard {
    pub id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "is_none")]
    pub created: Option<u64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub owned_by: Option<String>,
    pub capabilities: ModelCapabilities,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub max_context_length: Option<u64>,
    /// Other ids that resolve to this model (e.g. `mistral-large-latest`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the model stops being served (RFC 3339).
    #[serde(default, skip_serializing_if = "is_none")]
    pub deprecation: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub deprecation_replacement_model: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub default_model_temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub internal: Option<bool>,
}

/// `FTModelCard`: a fine-tuned model; the base card's members plus its
/// origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FTModelCard {
    #[serde(flatten)]
    pub base: BaseModelCard,
    /// The fine-tuning job that produced it.
    pub job: String,
    /// The model it was tuned from.
    pub root: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub archived: Option<bool>,
}

/// `ModelCapabilities`. Every flag defaults to `false`, as in the spec, so a
/// capability the server does not mention reads as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(default)]
pub struct ModelCapabilities {
    pub completion_chat: bool,
    pub function_calling: bool,
    pub reasoning: bool,
    pub completion_fim: bool,
    pub fine_tuning: bool,
    pub vision: bool,
    pub ocr: bool,
    pub classification: bool,
    pub moderation: bool,
    pub audio: bool,
    pub audio_transcription: bool,
    pub audio_transcription_realtime: bool,
    pub audio_speech: bool,
    pub unified_resources: bool,
}

/// `ModelList`.
///
/// Also reads a bare array of cards, which is what the spec's own example
/// for `GET /v1/models` shows (the API sends `{"object": "list", "data": [...]}`);
/// it is always written in the object form.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ModelList {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectType>,
    pub data: Vec<ModelCard>,
}

impl<'de> Deserialize<'de> for ModelList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            object: Option<ObjectType>,
            #[serde(default)]
            data: Vec<ModelCard>,
        }

        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ModelList;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a model list object or an array of model cards")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ModelList, A::Error> {
                let Wire { object, data } = Wire::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(ModelList { object, data })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<ModelList, A::Error> {
                let data = Vec::<ModelCard>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(ModelList { object: None, data })
            }
        }
        d.deserialize_any(V)
    }
}

/// `DeleteModelResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeleteModelResponse {
    pub id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub object: Option<ObjectType>,
    /// `true` unless the server says otherwise (the spec's default).
    #[serde(default = "yes")]
    pub deleted: bool,
}

fn yes() -> bool {
    true
}
