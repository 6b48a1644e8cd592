//! `POST /v1/chat/completions`, answered as one JSON body or as a stream.
//!
//! One request type serves both: the spec switches the answer on the body's
//! `stream` member, so each builder writes that member itself and the
//! response type always matches what the server will send.

use super::call::{Call, StreamCall};
use super::request::{ApiConfig, HttpRequest, Method};
use crate::error::Error;
use crate::models::{ChatCompletionRequest, ChatCompletionResponse, CompletionChunk};

const PATH: &str = "/v1/chat/completions";

/// `POST /v1/chat/completions` without streaming: one
/// `ChatCompletionResponse`. A `stream: true` set on `request` is dropped.
pub fn complete(cfg: &ApiConfig, request: &ChatCompletionRequest) -> Result<Call<ChatCompletionResponse>, Error> {
    let req = build(cfg, request, false)?;
    Ok(Call::json(req, "ChatCompletionResponse"))
}

/// `POST /v1/chat/completions` with `stream: true`: `CompletionChunk`s as
/// Server-Sent Events, ended by `data: [DONE]` (a close before it means the
/// answer was cut off).
pub fn stream(cfg: &ApiConfig, request: &ChatCompletionRequest) -> Result<StreamCall<CompletionChunk>, Error> {
    let req = build(cfg, request, true)?;
    Ok(StreamCall::until(req, "[DONE]"))
}

fn build(cfg: &ApiConfig, request: &ChatCompletionRequest, stream: bool) -> Result<HttpRequest, Error> {
    // Caught here because the server's 422 for it is less clear than this.
    if request.model.is_empty() {
        return Err(Error::invalid("model", "a non-empty model id"));
    }
    // Absent means `false` on the server, which keeps plain bodies minimal.
    let body = ChatCompletionRequest { stream: stream.then_some(true), ..request.clone() };
    let builder = cfg.request(Method::Post, PATH).json(&body)?;
    Ok(if stream { builder.event_stream() } else { builder }.build())
}
