//! A built request paired with the parser for its answer.
//!
//! Builders return a [`Call`] rather than a bare [`HttpRequest`] so that a
//! transport can send any operation generically (`send(call) -> T`) and the
//! expected response type can never be mixed up between operations.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::raw::Raw;
use super::request::HttpRequest;
use super::response::{parse_empty, parse_json, parse_json_text, HttpResponse};
use crate::error::{DecodeError, Error};

/// One API operation, ready to send: the request, and how to read its answer.
pub struct Call<T> {
    pub request: HttpRequest,
    parse: fn(&'static str, HttpResponse) -> Result<T, Error>,
    target: &'static str,
    _out: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Call<T> {
    /// An operation whose 2xx body is the JSON schema `target` (named for errors).
    pub fn json(request: HttpRequest, target: &'static str) -> Self {
        Call { request, parse: parse_json::<T>, target, _out: PhantomData }
    }
}

impl Call<()> {
    /// An operation whose 2xx body carries nothing (e.g. `204 No Content`).
    pub fn empty(request: HttpRequest) -> Self {
        Call { request, parse: |_, resp| parse_empty(resp), target: "()", _out: PhantomData }
    }
}

impl<T: DeserializeOwned> Call<T> {
    /// The same operation, answered as [`Raw`] (the typed value and its JSON
    /// text). An empty-bodied operation stays empty-bodied: its `Raw` is
    /// never produced, so this is only offered for JSON answers.
    pub fn raw(self) -> Call<Raw<T>> {
        self.decode_as()
    }

    /// The same operation, its answer kept as the JSON text received (see
    /// [`parse_json_text`](super::response::parse_json_text)).
    pub fn json_text(self) -> Call<Box<RawValue>> {
        Call { request: self.request, parse: parse_json_text, target: self.target, _out: PhantomData }
    }

    /// The same operation, its answer read as `U` instead: a caller that
    /// needs less of the answer than `T` (only its JSON text, or one field)
    /// does not pay for decoding all of it.
    pub fn decode_as<U: DeserializeOwned>(self) -> Call<U> {
        Call::json(self.request, self.target)
    }
}

impl<T> Call<T> {
    /// Reads the response: the typed 2xx body, or a typed [`crate::api::ApiError`].
    pub fn parse(&self, response: HttpResponse) -> Result<T, Error> {
        (self.parse)(self.target, response)
    }

    /// The schema name the response is decoded as.
    pub fn target(&self) -> &'static str {
        self.target
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").field("request", &self.request).field("target", &self.target).finish()
    }
}

/// A streaming operation, ready to send: the request, the item type of its
/// Server-Sent Events, and how the stream ends.
pub struct StreamCall<T> {
    pub request: HttpRequest,
    /// The `data` payload that ends the stream (`[DONE]` for chat
    /// completions), or `None` when the stream ends at connection close
    /// (conversations).
    pub terminator: Option<&'static str>,
    /// How an event's `data` becomes an item (named `target` in errors).
    pub(crate) decode: fn(&'static str, String) -> Result<T, DecodeError>,
}

impl<T: DeserializeOwned> StreamCall<T> {
    /// A stream that ends when the server closes the connection.
    pub fn until_close(request: HttpRequest) -> Self {
        StreamCall { request, terminator: None, decode: decode_data::<T> }
    }

    /// A stream that ends at an event whose data is exactly `terminator`.
    pub fn until(request: HttpRequest, terminator: &'static str) -> Self {
        StreamCall { request, terminator: Some(terminator), decode: decode_data::<T> }
    }

    /// The same stream, with each item as [`Raw`] (typed and as sent).
    pub fn raw(self) -> StreamCall<Raw<T>> {
        self.decode_as()
    }

    /// The same stream, each item read as `U` (see [`Call::decode_as`]).
    pub fn decode_as<U: DeserializeOwned>(self) -> StreamCall<U> {
        self.decode_with(decode_data::<U>)
    }
}

impl<T> StreamCall<T> {
    /// The same stream, each event's data made into an item by `decode`
    /// (a faster path for one item type, whose errors must stay those of
    /// its generic decoding).
    pub fn decode_with<U>(self, decode: fn(&'static str, String) -> Result<U, DecodeError>) -> StreamCall<U> {
        StreamCall { request: self.request, terminator: self.terminator, decode }
    }
}

/// The generic decoding of an event's data: `T` from its JSON text.
fn decode_data<T: DeserializeOwned>(target: &'static str, data: String) -> Result<T, DecodeError> {
    DecodeError::decode(target, &data)
}

impl<T> fmt::Debug for StreamCall<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamCall").field("request", &self.request).field("terminator", &self.terminator).finish()
    }
}
