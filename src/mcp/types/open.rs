//! Open enums for the MCP types: string enums that keep unknown values, and
//! unions discriminated by a member that keep unknown objects.
//!
//! MCP servers run every revision of the protocol and add content types,
//! log levels and result kinds over time; a closed enum would turn each of
//! those into a decode error of the whole message. These are the MCP
//! counterparts of `models::open_enum` and `models::common::string_enum`,
//! without their TypeScript declarations: the MCP types are not exported to
//! JS as declarations (several share a name with the Mistral connector
//! models, whose declarations are), so the JS layer declares its own.

/// Declares a string enum whose unknown values are kept in `Other(String)`.
macro_rules! open_string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(&*s))
            }
        }
    };
}
pub(crate) use open_string_enum;

/// Declares a union discriminated by its `type` member.
///
/// Each known variant wraps a struct without the `type` member; it is written
/// on serialization and removed before the struct is decoded. Any other
/// `type` keeps the object verbatim in `Unknown`, while a known type that is
/// malformed is an error naming the type and the failing path, so real
/// breakage is never silently swallowed.
macro_rules! type_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $wire:literal => $variant:ident($ty:ty), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A type this SDK version does not know; the object is kept as sent.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The wire value of `type`, also for unknown variants.
            pub fn type_name(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )+
                    Self::Unknown(v) => v.get("type").and_then(|t| t.as_str()).unwrap_or(""),
                }
            }
        }

        $( impl ::std::convert::From<$ty> for $name {
            fn from(v: $ty) -> Self {
                Self::$variant(v)
            }
        } )+

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(inner) => $crate::models::open_enum::serialize_tagged(s, "type", $wire, inner), )+
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
                let tag = match $crate::models::open_enum::peek_tag(raw, "type") {
                    Tag::Is(t) => t,
                    Tag::NotObject => return Err(String::from(concat!(stringify!($name), " must be a JSON object"))),
                    Tag::NotString => return Err(String::from(concat!("`type` of ", stringify!($name), " must be a string"))),
                    Tag::Absent => return Err(String::from(concat!(stringify!($name), " has no `type`"))),
                };
                match tag.as_str() {
                    $( $wire => $crate::models::open_enum::from_tagged_text(raw, "type")
                        .map(Self::$variant)
                        .map_err(|e| format!("{} `{}`: {}", stringify!($name), $wire, e)), )+
                    _ => ::serde_json::from_str(raw).map(Self::Unknown).map_err(|e| e.to_string()),
                }
            }
        }
    };
}
pub(crate) use type_enum;

/// Reads a member that the schema allows to hold any JSON value, `null`
/// included, as `Some(value)`: serde's default for `Option` would read an
/// explicit `null` as absent and drop it on the way back out.
pub(crate) fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    <serde_json::Value as serde::Deserialize>::deserialize(d).map(Some)
}
