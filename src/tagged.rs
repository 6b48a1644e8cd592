//! Tagged JSON objects read straight from their text: the tag is peeked
//! without building a tree, and the variant is decoded from the same text
//! with the tag member hidden from it.
//!
//! Why not buffer a `serde_json::Value` and remove the tag: a tree costs an
//! allocation per node on every event of a stream, and decoding from a tree
//! instantiates every type's `Deserialize` a second time (for the tree's
//! deserializer) next to the text one. Decoding from text also lets an
//! error's position name the failing member ([`crate::json_path`]).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// What an object says about its tag.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
pub enum Tag {
    /// The text is not a JSON object.
    NotObject,
    /// No tag member, or `null` (the spec gives some tags a default).
    Absent,
    /// The tag is present but not a string.
    NotString,
    Is(String),
}

/// The tag member `tag` of the JSON text `raw` (which the caller has
/// already checked to be valid JSON: any syntax error reads as
/// [`Tag::NotObject`]). A repeated member counts by its last occurrence, as
/// in a parsed object.
pub(crate) fn peek(raw: &str, tag: &str) -> Tag {
    let mut de = serde_json::Deserializer::from_str(raw);
    de.deserialize_any(Peek { tag }).unwrap_or(Tag::NotObject)
}

struct Peek<'t> {
    tag: &'t str,
}

impl<'de> Visitor<'de> for Peek<'_> {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
        let mut found = Tag::Absent;
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.tag))? {
            if is_tag {
                found = map.next_value_seed(TagValue)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tag, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Tag::NotObject)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
    fn visit_unit<E>(self) -> Result<Tag, E> {
        Ok(Tag::NotObject)
    }
}

/// Reads a key and says whether it is the tag (no allocation for keys
/// without escapes).
struct KeyIs<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

struct TagValue;

impl<'de> DeserializeSeed<'de> for TagValue {
    type Value = Tag;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tag, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagValue {
    type Value = Tag;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a tag")
    }
    fn visit_str<E>(self, v: &str) -> Result<Tag, E> {
        Ok(Tag::Is(v.to_owned()))
    }
    fn visit_unit<E>(self) -> Result<Tag, E> {
        Ok(Tag::Absent)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Tag, E> {
        Ok(Tag::NotString)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Tag, E> {
        Ok(Tag::NotString)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Tag, E> {
        Ok(Tag::NotString)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Tag, E> {
        Ok(Tag::NotString)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tag, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Tag::NotString)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Tag::NotString)
    }
}

/// `T` from the object text `raw` as if its member `tag` were not there;
/// on failure the message, prefixed with ``at `path`: `` when the failing
/// member is inside the object (the caller's error is located at the whole
/// object).
pub(crate) fn decode_untagged<T: DeserializeOwned>(raw: &str, tag: &str) -> Result<T, String> {
    crate::json_path::decode_with(raw, |de| T::deserialize(Untagged { de, tag })).map_err(crate::json_path::nest)
}

/// A deserializer over an object that hides one member from the visitor.
struct Untagged<'t, D> {
    de: D,
    tag: &'t str,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Untagged<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_any(Hide { visitor, tag: self.tag })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.de.deserialize_map(Hide { visitor, tag: self.tag })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_map(Hide { visitor, tag: self.tag })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct enum identifier ignored_any
    }
}

/// Passes every value through, an object without its tag member.
struct Hide<'t, V> {
    visitor: V,
    tag: &'t str,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Hide<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(WithoutTag { map, tag: self.tag })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.visitor.visit_bool(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.visitor.visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.visitor.visit_u64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.visitor.visit_f64(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.visitor.visit_str(v)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.visitor.visit_borrowed_str(v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.visitor.visit_string(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }
    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.visitor.visit_some(d)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }
}

/// The entries of an object but the tag's. A key is read as text first
/// (to compare it with the tag) and then handed to the visitor's seed.
struct WithoutTag<'t, A> {
    map: A,
    tag: &'t str,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutTag<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            match self.map.next_key_seed(Key(self.tag))? {
                None => return Ok(None),
                Some(KeyText::Tag) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
                Some(KeyText::Borrowed(k)) => {
                    return seed.deserialize(de::value::BorrowedStrDeserializer::new(k)).map(Some);
                }
                Some(KeyText::Owned(k)) => {
                    return seed.deserialize(de::value::StringDeserializer::new(k)).map(Some);
                }
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

enum KeyText<'de> {
    Tag,
    Borrowed(&'de str),
    Owned(String),
}

struct Key<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = KeyText<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<KeyText<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = KeyText<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<KeyText<'de>, E> {
        Ok(if key == self.0 { KeyText::Tag } else { KeyText::Borrowed(key) })
    }
    fn visit_str<E>(self, key: &str) -> Result<KeyText<'de>, E> {
        Ok(if key == self.0 { KeyText::Tag } else { KeyText::Owned(key.to_owned()) })
    }
}

/// Decodes a value through `f` once buffered as a tree, failing *while*
/// serde_json still stands on the value, so that the failure's position
/// (and so its path) is the value's own and not its container's.
pub(crate) fn within<'de, D, T, E, F>(d: D, f: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: fmt::Display,
    F: FnOnce(Value) -> Result<T, E>,
{
    d.deserialize_any(Within(f))
}

/// `T`, then `check` of it, failing while serde_json still stands on the
/// value (see [`within`]): for members that are valid JSON of their type
/// but not a value the API takes.
pub(crate) fn checked<'de, D, T, R, E, F>(d: D, check: F) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
    E: fmt::Display,
    F: FnOnce(T) -> Result<R, E>,
{
    within(d, |value: Value| match T::deserialize(value) {
        Ok(t) => check(t).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    })
}

struct Within<F>(F);

impl<F> Within<F> {
    fn finish<T, E: fmt::Display, X: de::Error>(self, value: Value) -> Result<T, X>
    where
        F: FnOnce(Value) -> Result<T, E>,
    {
        (self.0)(value).map_err(X::custom)
    }
}

impl<'de, T, E: fmt::Display, F: FnOnce(Value) -> Result<T, E>> Visitor<'de> for Within<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.finish(value)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.finish(value)
    }
    fn visit_bool<X: de::Error>(self, v: bool) -> Result<T, X> {
        self.finish(Value::Bool(v))
    }
    fn visit_i64<X: de::Error>(self, v: i64) -> Result<T, X> {
        self.finish(Value::from(v))
    }
    fn visit_u64<X: de::Error>(self, v: u64) -> Result<T, X> {
        self.finish(Value::from(v))
    }
    fn visit_f64<X: de::Error>(self, v: f64) -> Result<T, X> {
        self.finish(Value::from(v))
    }
    fn visit_str<X: de::Error>(self, v: &str) -> Result<T, X> {
        self.finish(Value::String(v.to_owned()))
    }
    fn visit_string<X: de::Error>(self, v: String) -> Result<T, X> {
        self.finish(Value::String(v))
    }
    fn visit_unit<X: de::Error>(self) -> Result<T, X> {
        self.finish(Value::Null)
    }
    fn visit_none<X: de::Error>(self) -> Result<T, X> {
        self.finish(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let value = Value::deserialize(d)?;
        self.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        a: u32,
        #[serde(default)]
        b: Option<String>,
    }

    #[test]
    fn peeks_the_tag_anywhere() {
        assert_eq!(peek(r#"{"type": "x", "a": 1}"#, "type"), Tag::Is("x".into()));
        assert_eq!(peek(r#"{"a": {"type": "inner"}, "type": "x"}"#, "type"), Tag::Is("x".into()));
        assert_eq!(peek(r#"{"a": 1}"#, "type"), Tag::Absent);
        assert_eq!(peek(r#"{"type": null}"#, "type"), Tag::Absent);
        assert_eq!(peek(r#"{"type": 3}"#, "type"), Tag::NotString);
        assert_eq!(peek(r#"{"type": ["x"]}"#, "type"), Tag::NotString);
        assert_eq!(peek(r#"{"ty\u0070e": "esc\"aped"}"#, "type"), Tag::Is("esc\"aped".into()));
        assert_eq!(peek(r#"[{"type": "x"}]"#, "type"), Tag::NotObject);
        assert_eq!(peek(r#""type""#, "type"), Tag::NotObject);
        assert_eq!(peek(r#"{"type": "x""#, "type"), Tag::NotObject);
    }

    #[test]
    fn the_variant_never_sees_its_tag() {
        let s: Strict = decode_untagged(r#"{"role": "user", "a": 1, "b": "x"}"#, "role").unwrap();
        assert_eq!(s, Strict { a: 1, b: Some("x".into()) });
        let s: Strict = decode_untagged(r#"{"a": 2, "role": "user"}"#, "role").unwrap();
        assert_eq!(s.a, 2);
        let e = decode_untagged::<Strict>(r#"{"role": "user", "a": 1, "c": 2}"#, "role").unwrap_err();
        assert!(e.starts_with("at `c`: unknown field `c`"), "{e}");
        let e = decode_untagged::<Strict>(r#"{"role": "user", "a": "no"}"#, "role").unwrap_err();
        assert!(e.starts_with("at `a`: invalid type"), "{e}");
        let e = decode_untagged::<Strict>(r#"{"role": "user"}"#, "role").unwrap_err();
        assert_eq!(e, "missing field `a`");
    }
}
