//! The async Rust client: [`Mistral`] and one handle per API group, over the
//! `fetch` transport. Each method is a builder from [`crate::api`] plus a
//! send, so behaviour (validation, parsing, errors) lives in the sans-IO core.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mistral_edge::Error> {
//! use futures_util::StreamExt;
//! use mistral_edge::{Mistral, MistralConfig};
//! use mistral_edge::models::{ConversationEvent, ConversationRequest};
//!
//! let client = Mistral::new(MistralConfig::new("my-api-key"));
//! let mut events = client
//!     .conversations()
//!     .start_stream(&ConversationRequest::with_model("mistral-medium-latest", "Hello!").into_stream(), Default::default())
//!     .await?;
//! while let Some(event) = events.next().await {
//!     if let ConversationEvent::MessageOutput(delta) = event? {
//!         print!("{}", delta.content.as_text().unwrap_or_default());
//!     }
//! }
//! # Ok(()) }
//! ```

use js_sys::Function;

use crate::api::{ApiConfig, Call, StreamCall, DEFAULT_SERVER_URL};
use crate::error::Error;
use crate::http::{CallOptions, EventStream, Transport};
use crate::retry::RetryPolicy;

mod agents;
mod chat;
mod connectors;
mod conversations;
mod models;
mod run;

pub use agents::Agents;
pub use chat::Chat;
pub use connectors::{pages as connector_pages, Connectors};
pub use conversations::{ConversationEventStream, Conversations};
pub use models::Models;
pub use run::{RunFailure, RunTools, ToolFn};

/// How to reach the API. `Debug` never shows the key.
#[derive(Clone, Default)]
pub struct MistralConfig {
    pub api_key: Option<String>,
    /// Defaults to `https://api.mistral.ai`.
    pub server_url: Option<String>,
    /// A `fetch(url, init)` to use instead of the global one (a Worker
    /// service binding, a proxy, a test double).
    pub fetch: Option<Function>,
    pub timeout_ms: Option<u64>,
    pub idle_timeout_ms: Option<u64>,
    pub retry: Option<RetryPolicy>,
    /// Sent with every request.
    pub headers: Vec<(String, String)>,
}

impl MistralConfig {
    pub fn new(api_key: impl Into<String>) -> Self {
        MistralConfig { api_key: Some(api_key.into()), ..Default::default() }
    }
}

impl std::fmt::Debug for MistralConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MistralConfig")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("server_url", &self.server_url)
            .field("fetch", &self.fetch.as_ref().map(|_| "[function]"))
            .field("timeout_ms", &self.timeout_ms)
            .field("idle_timeout_ms", &self.idle_timeout_ms)
            .field("retry", &self.retry)
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .finish()
    }
}

/// The client. Cheap to clone; holds no connection.
#[derive(Clone)]
pub struct Mistral {
    api: ApiConfig,
    transport: Transport,
}

impl std::fmt::Debug for Mistral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mistral").field("api", &self.api).finish_non_exhaustive()
    }
}

impl Mistral {
    pub fn new(config: MistralConfig) -> Self {
        let api = ApiConfig {
            server_url: config.server_url.unwrap_or_else(|| DEFAULT_SERVER_URL.to_owned()),
            api_key: config.api_key,
            headers: config.headers,
        };
        let defaults = CallOptions {
            signal: None,
            timeout_ms: config.timeout_ms,
            idle_timeout_ms: config.idle_timeout_ms,
            retry: config.retry,
            headers: Vec::new(),
        };
        Mistral { api, transport: Transport { fetch: config.fetch, defaults, secret_headers: Vec::new() } }
    }

    pub fn agents(&self) -> Agents<'_> {
        Agents(self)
    }

    pub fn conversations(&self) -> Conversations<'_> {
        Conversations(self)
    }

    pub fn connectors(&self) -> Connectors<'_> {
        Connectors(self)
    }

    pub fn chat(&self) -> Chat<'_> {
        Chat(self)
    }

    pub fn models(&self) -> Models<'_> {
        Models(self)
    }

    /// The request settings, for building calls with [`crate::api`] directly.
    pub fn api_config(&self) -> &ApiConfig {
        &self.api
    }

    /// Sends any built call (an escape hatch for operations without a method).
    pub async fn send<T>(&self, call: Result<Call<T>, Error>, opts: CallOptions) -> Result<T, Error> {
        self.transport.send(call?, opts).await
    }

    /// Opens any built streaming call.
    pub async fn stream<T: 'static>(
        &self,
        call: Result<StreamCall<T>, Error>,
        opts: CallOptions,
    ) -> Result<EventStream<T>, Error> {
        self.transport.stream(call?, opts).await
    }
}
