//! `client.chat()`: chat completions, whole or streamed.

use super::Mistral;
use crate::api::chat;
use crate::error::Error;
use crate::http::{CallOptions, EventStream};
use crate::models::{ChatCompletionRequest, ChatCompletionResponse, CompletionChunk};

/// Borrowed from [`Mistral::chat`].
#[derive(Debug, Clone, Copy)]
pub struct Chat<'a>(pub(super) &'a Mistral);

impl Chat<'_> {
    pub async fn complete(&self, request: &ChatCompletionRequest, opts: CallOptions) -> Result<ChatCompletionResponse, Error> {
        self.0.send(chat::complete(&self.0.api, request), opts).await
    }

    /// Chunks until `data: [DONE]`; a close before it is an error item.
    pub async fn stream(&self, request: &ChatCompletionRequest, opts: CallOptions) -> Result<EventStream<CompletionChunk>, Error> {
        self.0.stream(chat::stream(&self.0.api, request), opts).await
    }
}
