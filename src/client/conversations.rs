//! `client.conversations()`: start, continue and fork conversations, whole or
//! streamed, and read them back.

use super::Mistral;
use crate::api::conversations::{self, ListConversationsParams};
use crate::error::Error;
use crate::http::{CallOptions, EventStream};
use crate::models::{
    Conversation, ConversationAppendRequest, ConversationEvent, ConversationHistory, ConversationMessages,
    ConversationRequest, ConversationResponse, ConversationRestartRequest,
};

/// Borrowed from [`Mistral::conversations`].
#[derive(Debug, Clone, Copy)]
pub struct Conversations<'a>(pub(super) &'a Mistral);

/// Streams of conversation events end when the server closes the body.
pub type ConversationEventStream = EventStream<ConversationEvent>;

impl Conversations<'_> {
    pub async fn start(&self, body: &ConversationRequest, opts: CallOptions) -> Result<ConversationResponse, Error> {
        self.0.send(conversations::start(&self.0.api, body), opts).await
    }

    pub async fn start_stream(&self, body: &ConversationRequest<true>, opts: CallOptions) -> Result<ConversationEventStream, Error> {
        self.0.stream(conversations::start_stream(&self.0.api, body), opts).await
    }

    pub async fn append(
        &self,
        conversation_id: &str,
        body: &ConversationAppendRequest,
        opts: CallOptions,
    ) -> Result<ConversationResponse, Error> {
        self.0.send(conversations::append(&self.0.api, conversation_id, body), opts).await
    }

    pub async fn append_stream(
        &self,
        conversation_id: &str,
        body: &ConversationAppendRequest<true>,
        opts: CallOptions,
    ) -> Result<ConversationEventStream, Error> {
        self.0.stream(conversations::append_stream(&self.0.api, conversation_id, body), opts).await
    }

    /// Forks at `body.from_entry_id`; the answer names the new conversation.
    pub async fn restart(
        &self,
        conversation_id: &str,
        body: &ConversationRestartRequest,
        opts: CallOptions,
    ) -> Result<ConversationResponse, Error> {
        self.0.send(conversations::restart(&self.0.api, conversation_id, body), opts).await
    }

    pub async fn restart_stream(
        &self,
        conversation_id: &str,
        body: &ConversationRestartRequest<true>,
        opts: CallOptions,
    ) -> Result<ConversationEventStream, Error> {
        self.0.stream(conversations::restart_stream(&self.0.api, conversation_id, body), opts).await
    }

    pub async fn list(&self, params: &ListConversationsParams, opts: CallOptions) -> Result<Vec<Conversation>, Error> {
        self.0.send(conversations::list(&self.0.api, params), opts).await
    }

    pub async fn get(&self, conversation_id: &str, opts: CallOptions) -> Result<Conversation, Error> {
        self.0.send(conversations::get(&self.0.api, conversation_id), opts).await
    }

    pub async fn delete(&self, conversation_id: &str, opts: CallOptions) -> Result<(), Error> {
        self.0.send(conversations::delete(&self.0.api, conversation_id), opts).await
    }

    pub async fn history(&self, conversation_id: &str, opts: CallOptions) -> Result<ConversationHistory, Error> {
        self.0.send(conversations::history(&self.0.api, conversation_id), opts).await
    }

    pub async fn messages(&self, conversation_id: &str, opts: CallOptions) -> Result<ConversationMessages, Error> {
        self.0.send(conversations::messages(&self.0.api, conversation_id), opts).await
    }
}
