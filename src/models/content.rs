//! Content chunks: the typed parts of a message (text, images, documents,
//! references, thinking, audio, files) and the spec's unions over them.
//!
//! The spec allows different chunk sets in different places, so each union
//! is its own open enum: serializing one can never put a chunk where the
//! server does not accept it.

use serde::{Deserialize, Serialize};

use super::common::{is_none, string_enum, string_or, variant_from};
use super::tools::BuiltInConnectors;

/// `TextChunk`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TextChunk {
    pub text: String,
}

impl TextChunk {
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }
}

/// `ImageURLChunk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ImageURLChunk {
    pub image_url: ImageSource,
}

string_or! {
    /// `ImageURLChunk.image_url`: a bare URL (or data URL) or an [`ImageURL`].
    pub enum ImageSource {
        Url(String),
        Object(ImageURL),
    }
    expecting = "an image URL string or an object with `url`", other = map;
}

/// `ImageURL`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ImageURL {
    pub url: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub detail: Option<ImageDetail>,
}

string_enum! {
    /// `ImageDetail`.
    pub enum ImageDetail {
        Low = "low",
        Auto = "auto",
        High = "high",
    }
}

/// `DocumentURLChunk`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DocumentURLChunk {
    pub document_url: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub document_name: Option<String>,
}

/// `ToolFileChunk`: a file produced by a built-in tool (e.g. an image).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolFileChunk {
    pub tool: BuiltInConnectors,
    pub file_id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub file_type: Option<String>,
}

/// `ToolReferenceChunk`: a source cited by a built-in tool (e.g. web search).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolReferenceChunk {
    pub tool: BuiltInConnectors,
    pub title: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub favicon: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
}

/// `ReferenceChunk`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ReferenceChunk {
    pub reference_ids: Vec<ReferenceId>,
}

string_or! {
    /// An item of `ReferenceChunk.reference_ids`.
    pub enum ReferenceId {
        Text(String),
        Number(i64),
    }
    expecting = "a string or an integer", other = int;
}

/// `ThinkChunk`: reasoning output, replayable across turns via `signature`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ThinkChunk {
    pub thinking: Vec<ThinkContentChunk>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub signature: Option<String>,
    /// Defaults to `true` on the server; `false` only when prefixing.
    #[serde(default, skip_serializing_if = "is_none")]
    pub closed: Option<bool>,
}

/// `AudioChunk`: base64 audio.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AudioChunk {
    pub input_audio: String,
}

/// `FileChunk`: a reference to an uploaded file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FileChunk {
    pub file_id: String,
}

open_enum! {
    /// `ContentChunk`: the chunks of chat messages.
    pub enum ContentChunk {
        "text" => Text(TextChunk),
        "image_url" => ImageUrl(ImageURLChunk),
        "document_url" => DocumentUrl(DocumentURLChunk),
        "reference" => Reference(ReferenceChunk),
        "file" => File(FileChunk),
        "thinking" => Thinking(ThinkChunk),
        "input_audio" => InputAudio(AudioChunk),
    }
}

open_enum! {
    /// An item of `MessageInputContentChunks` (what a conversation input
    /// message may contain).
    pub enum MessageInputContentChunk {
        "text" => Text(TextChunk),
        "image_url" => ImageUrl(ImageURLChunk),
        "tool_file" => ToolFile(ToolFileChunk),
        "document_url" => DocumentUrl(DocumentURLChunk),
        "thinking" => Thinking(ThinkChunk),
    }
}

/// `MessageInputContentChunks`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MessageInputContentChunks = Vec<MessageInputContentChunk>;

open_enum! {
    /// `OutputContentChunks` (despite the plural, one chunk of a conversation
    /// output message).
    pub enum OutputContentChunks {
        "text" => Text(TextChunk),
        "image_url" => ImageUrl(ImageURLChunk),
        "tool_file" => ToolFile(ToolFileChunk),
        "document_url" => DocumentUrl(DocumentURLChunk),
        "thinking" => Thinking(ThinkChunk),
        "tool_reference" => ToolReference(ToolReferenceChunk),
    }
}

/// `MessageOutputContentChunks`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MessageOutputContentChunks = Vec<OutputContentChunks>;

open_enum! {
    /// An item of `ThinkChunk.thinking`.
    pub enum ThinkContentChunk {
        "text" => Text(TextChunk),
        "tool_reference" => ToolReference(ToolReferenceChunk),
        "reference" => Reference(ReferenceChunk),
    }
}

variant_from!(ContentChunk {
    Text(TextChunk),
    ImageUrl(ImageURLChunk),
    DocumentUrl(DocumentURLChunk),
    Reference(ReferenceChunk),
    File(FileChunk),
    Thinking(ThinkChunk),
    InputAudio(AudioChunk),
});
variant_from!(MessageInputContentChunk {
    Text(TextChunk),
    ImageUrl(ImageURLChunk),
    ToolFile(ToolFileChunk),
    DocumentUrl(DocumentURLChunk),
    Thinking(ThinkChunk),
});
variant_from!(OutputContentChunks {
    Text(TextChunk),
    ImageUrl(ImageURLChunk),
    ToolFile(ToolFileChunk),
    DocumentUrl(DocumentURLChunk),
    Thinking(ThinkChunk),
    ToolReference(ToolReferenceChunk),
});
variant_from!(ThinkContentChunk {
    Text(TextChunk),
    ToolReference(ToolReferenceChunk),
    Reference(ReferenceChunk),
});

impl OutputContentChunks {
    /// The text of a `text` chunk.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(&t.text),
            _ => None,
        }
    }
}
