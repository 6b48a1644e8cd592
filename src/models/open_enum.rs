//! Open tagged enums.
//!
//! The server adds new event, entry, chunk and tool types over time. A closed
//! `#[serde(tag = "type")]` enum would turn each of those into a hard error and
//! break every deployed SDK; the enums built here keep an unknown object as raw
//! JSON instead, while a *known* type that is malformed is still an error (so
//! real breakage is never silently swallowed).

/// Declares an enum discriminated by a string field (default `"type"`).
///
/// Each known variant wraps a struct that does **not** contain the tag field;
/// the tag is written on serialization and checked on deserialization.
/// `Unknown(serde_json::Value)` keeps any other object verbatim. An optional
/// `missing => Variant` arm picks the variant when the tag is absent (the spec
/// gives some tags a default, e.g. `message.input`).
///
/// With the `ts` feature it also declares the TypeScript union of the known
/// variants, discriminated by the tag (optional on the `missing` variant), so
/// that `if (x.type === "...")` narrows. The `Unknown` fallback is left out of
/// the union on purpose: a member typed `{ type: string }` would absorb every
/// known one and end narrowing; the declaration's doc says other tags occur.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$mname:ident $($margs:tt)*])*
        $vis:vis enum $name:ident $(tag = $tag:literal)? {
            $( $(#[$vmeta:meta])* $wire:literal => $variant:ident($ty:ty), )+
        }
        $(missing => $missing:ident;)?
    ) => {
        $(#[$mname $($margs)*])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A type this SDK version does not know; the object is kept as sent.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The discriminator's wire name (`"type"` unless the enum says otherwise).
            pub const TAG: &'static str = $crate::open_enum!(@tag $($tag)?);

            /// The wire value of the discriminator, also for unknown variants.
            pub fn type_name(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )+
                    Self::Unknown(v) => v.get(Self::TAG).and_then(|t| t.as_str()).unwrap_or(""),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(inner) => $crate::models::open_enum::serialize_tagged(s, Self::TAG, $wire, inner), )+
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::models::open_enum::deserialize_union(d, Self::from_object_text)
            }
        }

        impl $name {
            /// The union from its object's text; the message on failure.
            #[doc(hidden)]
            pub fn from_object_text(raw: &str) -> Result<Self, ::std::string::String> {
                use $crate::models::open_enum::Tag;
                let tag = match $crate::models::open_enum::peek_tag(raw, Self::TAG) {
                    Tag::Is(t) => Some(t),
                    Tag::Absent => None,
                    Tag::NotString => return Err(format!(
                        "field `{}` of {} must be a string", Self::TAG, stringify!($name))),
                    Tag::NotObject => return Err(format!(
                        "{} must be a JSON object", stringify!($name))),
                };
                match tag.as_deref() {
                    $( Some($wire) => $crate::models::open_enum::from_tagged_text(raw, Self::TAG)
                        .map(Self::$variant)
                        .map_err(|e| format!("{} `{}`: {}", stringify!($name), $wire, e)), )+
                    $( None => $crate::models::open_enum::from_tagged_text(raw, Self::TAG)
                        .map(Self::$missing)
                        .map_err(|e| format!("{}: {}", stringify!($name), e)), )?
                    _ => ::serde_json::from_str(raw).map(Self::Unknown).map_err(|e| e.to_string()),
                }
            }
        }

        #[cfg(feature = "ts")]
        impl $name {
            /// The variant read when the tag is absent (`""`: none is).
            const TS_MISSING: &'static str = $crate::open_enum!(@missing $($missing)?);
        }

        $crate::ts_section!(
            "/**\n",
            $( $crate::ts_doc_line!($mname $($margs)*), )*
            " *\n * Only the `", <$name>::TAG, "` values this SDK version knows are listed;",
            " an object with another `", <$name>::TAG, "` is passed through as sent.\n */\n",
            "export type ", stringify!($name), " =",
            $(
                "\n    | ({ ", <$name>::TAG,
                if $crate::models::ts::same(stringify!($variant), <$name>::TS_MISSING) {
                    "?"
                } else {
                    ""
                },
                ": ", stringify!($wire), " } & ", stringify!($ty), ")",
            )+
            ";",
        );
    };
    (@tag $tag:literal) => { $tag };
    (@tag) => { "type" };
    (@missing $missing:ident) => { stringify!($missing) };
    (@missing) => { "" };
}

use serde::{de::DeserializeOwned, Serialize, Serializer};
use serde_json::Value;

/// Writes `inner`'s fields after the tag, without building a `Value`.
///
/// Only the two discriminators the API uses (`type`, and `role` for chat
/// messages) are supported; `flatten` needs the key known at compile time.
#[doc(hidden)]
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    s: S,
    tag: &'static str,
    wire: &'static str,
    inner: &T,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct ByType<'a, T> {
        r#type: &'static str,
        #[serde(flatten)]
        inner: &'a T,
    }
    #[derive(Serialize)]
    struct ByRole<'a, T> {
        role: &'static str,
        #[serde(flatten)]
        inner: &'a T,
    }
    match tag {
        "role" => ByRole { role: wire, inner }.serialize(s),
        _ => ByType { r#type: wire, inner }.serialize(s),
    }
}

pub use crate::tagged::Tag;

/// The `Deserialize` of a tagged union: its object's text captured and read
/// by `from_text` (in the locating run, read while serde_json still stands
/// on the object, so that a failure is placed there).
#[doc(hidden)]
pub fn deserialize_union<'de, D, T>(d: D, from_text: fn(&str) -> Result<T, String>) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error as _;
    use serde::Deserialize as _;
    if crate::json_path::locating() {
        return crate::tagged::within(d, |v| from_text(&v.to_string()));
    }
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    from_text(raw.get()).map_err(D::Error::custom)
}

/// The tag of an object's text (already checked to be JSON).
#[doc(hidden)]
pub fn peek_tag(raw: &str, tag: &str) -> Tag {
    crate::tagged::peek(raw, tag)
}

/// Deserializes a variant's struct from the object's text minus its tag,
/// with ``at `path`: `` before a failure inside it.
#[doc(hidden)]
pub fn from_tagged_text<T: DeserializeOwned>(raw: &str, tag: &str) -> Result<T, String> {
    crate::tagged::decode_untagged(raw, tag)
}

/// [`from_tagged_text`] of a value already parsed.
#[doc(hidden)]
pub fn from_tagged<T: DeserializeOwned>(value: Value, tag: &str) -> Result<T, String> {
    from_tagged_text(&value.to_string(), tag)
}
