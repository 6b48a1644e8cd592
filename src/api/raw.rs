//! A decoded value together with the exact JSON it came from.
//!
//! The JS bindings hand results back as the server's own JSON (fields this
//! SDK version does not model included), yet must still check that the
//! answer has the documented shape. `Raw<T>` does both in one parse.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// `value` decoded from `json`; `json` is the text exactly as received.
#[derive(Debug, Clone)]
pub struct Raw<T> {
    pub value: T,
    pub json: Box<RawValue>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Raw<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let json = Box::<RawValue>::deserialize(d)?;
        let value = crate::json_path::decode(json.get()).map_err(|(path, message)| {
            if path == "." {
                D::Error::custom(message)
            } else {
                D::Error::custom(format_args!("{path}: {message}"))
            }
        })?;
        Ok(Raw { value, json })
    }
}

/// A stream item together with its event's `data` text as received: unlike
/// [`Raw`], the text is the SSE data itself, so keeping it costs neither a
/// copy nor another scan.
#[derive(Debug, Clone)]
pub struct WithData<T> {
    pub value: T,
    pub data: String,
}

impl<T: DeserializeOwned> super::StreamCall<T> {
    /// The same stream, each item with its event's data text.
    pub fn with_data(self) -> super::StreamCall<WithData<T>> {
        self.decode_with(|target, data| {
            crate::error::DecodeError::decode::<T>(target, &data).map(|value| WithData { value, data })
        })
    }
}
