//! Request builders for the Conversations API (`/v1/conversations`): start,
//! append and restart (each answered as JSON or as an event stream), list,
//! get, delete, history and messages.
//!
//! Every builder returns a [`Call`] (or a [`StreamCall`]): the request to
//! send and the parser for its answer, so a transport needs no knowledge of
//! the operation. A transport's whole job, shown without any network:
//!
//! ```
//! use mistral_edge::api::{conversations, ApiConfig, HttpResponse, Method};
//! use mistral_edge::models::{ConversationRequest, OutputEntry};
//!
//! let cfg = ApiConfig::new("sk-...");
//! let call = conversations::start(&cfg, &ConversationRequest::with_agent("ag_123", "Hello!"))?;
//!
//! // 1. Send `call.request` with any HTTP client.
//! assert_eq!(call.request.method, Method::Post);
//! assert_eq!(call.request.url, "https://api.mistral.ai/v1/conversations");
//! assert_eq!(call.request.header("content-type"), Some("application/json"));
//! assert!(call.request.body.as_deref().unwrap_or_default().contains(r#""inputs":"Hello!""#));
//!
//! // 2. Hand back what came in: status, lower-cased headers, body text.
//! let response = HttpResponse {
//!     status: 200,
//!     headers: vec![("content-type".into(), "application/json".into())],
//!     body: r#"{"object": "conversation.response", "conversation_id": "conv_1",
//!               "outputs": [{"type": "message.output", "role": "assistant", "content": "Hi!"}],
//!               "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}"#
//!         .into(),
//! };
//!
//! // 3. Parse: the typed body, or a typed `Error::Api` for a 4xx/5xx.
//! let answer = call.parse(response)?;
//! assert_eq!(answer.conversation_id, "conv_1");
//! match &answer.outputs[0] {
//!     OutputEntry::MessageOutput(message) => assert_eq!(message.content.text(), "Hi!"),
//!     other => panic!("unexpected output {other:?}"),
//! }
//! # Ok::<(), mistral_edge::Error>(())
//! ```
//!
//! A streamed call is sent the same way; its body goes, chunk by chunk as it
//! arrives, through an [`EventStreamDecoder`](super::EventStreamDecoder)
//! made for the call, which knows that conversation streams end when the
//! connection closes:
//!
//! ```
//! use mistral_edge::api::{conversations, ApiConfig, EventStreamDecoder};
//! use mistral_edge::models::{ConversationEvent, ConversationRequest};
//!
//! let cfg = ApiConfig::new("sk-...");
//! let request = ConversationRequest::with_agent("ag_123", "Hello!").into_stream();
//! let call = conversations::start_stream(&cfg, &request)?;
//! assert_eq!(call.request.header("accept"), Some("text/event-stream"));
//!
//! let mut decoder = EventStreamDecoder::for_call(&call);
//! let mut events = Vec::new();
//! decoder.push(b"event: message.output.delta\ndata: {\"type\": \"message.output.delta\", ", &mut events);
//! decoder.push(b"\"output_index\": 0, \"id\": \"msg_1\", \"content_index\": 0, \"content\": \"Hi\"}\n\n", &mut events);
//! decoder.finish(&mut events); // the connection closed
//! match events.as_slice() {
//!     [Ok(ConversationEvent::MessageOutput(delta))] => assert_eq!(delta.content.as_text(), Some("Hi")),
//!     other => panic!("unexpected events {other:?}"),
//! }
//! # Ok::<(), mistral_edge::Error>(())
//! ```
//!
//! Plain and streamed requests are different types
//! ([`ConversationRequest`] and [`ConversationStreamRequest`], and so on):
//! the spec fixes the body's `stream` member per operation, so the builders
//! cannot be handed a body that asks for the other kind of answer.

use super::call::{Call, StreamCall};
use super::request::{path_param, ApiConfig, HttpRequest, Method};
use super::raw::WithData;
use crate::error::{DecodeError, Error};
use crate::models::{
    AgentVersion, Conversation, ConversationAppendRequest, ConversationEvent, ConversationHistory,
    ConversationMessages, ConversationRequest, ConversationResponse, ConversationRestartRequest, MetadataDict,
};

const PATH: &str = "/v1/conversations";

/// Optional query parameters of [`list`].
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListConversationsParams {
    /// 0-based page number (server default 0).
    pub page: Option<u32>,
    /// Conversations per page (server default 100).
    pub page_size: Option<u32>,
    /// Only conversations whose metadata contains these pairs.
    pub metadata: Option<MetadataDict>,
}

/// `POST /v1/conversations`: starts a conversation with an agent
/// (`agent_id`) or a model (`model`, with its instructions and tools on the
/// request), answered once the whole turn has run.
pub fn start(cfg: &ApiConfig, body: &ConversationRequest) -> Result<Call<ConversationResponse>, Error> {
    Ok(Call::json(start_request(cfg, body)?, "ConversationResponse"))
}

/// `POST /v1/conversations` with `stream: true`: the turn as it happens, as
/// Server-Sent Events. The stream has no end marker; it is complete when the
/// server closes the connection.
pub fn start_stream(cfg: &ApiConfig, body: &ConversationRequest<true>) -> Result<StreamCall<ConversationEvent>, Error> {
    Ok(StreamCall::until_close(start_request(cfg, body)?))
}

/// `POST /v1/conversations/{conversation_id}`: adds inputs (or answers to
/// `tool_confirmations`) and runs the next turn.
pub fn append(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationAppendRequest,
) -> Result<Call<ConversationResponse>, Error> {
    Ok(Call::json(append_request(cfg, conversation_id, body)?, "ConversationResponse"))
}

/// `POST /v1/conversations/{conversation_id}` with `stream: true`; ends at
/// connection close like [`start_stream`].
pub fn append_stream(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationAppendRequest<true>,
) -> Result<StreamCall<ConversationEvent>, Error> {
    Ok(StreamCall::until_close(append_request(cfg, conversation_id, body)?))
}

/// `POST /v1/conversations/{conversation_id}/restart`: forks the
/// conversation at `from_entry_id` into a new one (the answer's
/// `conversation_id` is the new conversation; the original is unchanged).
pub fn restart(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationRestartRequest,
) -> Result<Call<ConversationResponse>, Error> {
    Ok(Call::json(restart_request(cfg, conversation_id, body)?, "ConversationResponse"))
}

/// `POST /v1/conversations/{conversation_id}/restart` with `stream: true`;
/// ends at connection close like [`start_stream`].
pub fn restart_stream(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationRestartRequest<true>,
) -> Result<StreamCall<ConversationEvent>, Error> {
    Ok(StreamCall::until_close(restart_request(cfg, conversation_id, body)?))
}

/// `GET /v1/conversations`: a page of conversations, newest first. The
/// answer is a bare JSON array whose items are model or agent
/// conversations ([`Conversation`]); there is no total or cursor, so the
/// last page is the first one shorter than `page_size`. `metadata` travels
/// as JSON text, as the spec declares it with `content: application/json`.
pub fn list(cfg: &ApiConfig, params: &ListConversationsParams) -> Result<Call<Vec<Conversation>>, Error> {
    let req = cfg
        .request(Method::Get, PATH)
        .query("page", params.page)
        .query("page_size", params.page_size)
        .query_json("metadata", params.metadata.as_ref())?
        .build();
    Ok(Call::json(req, "Conversation[]"))
}

/// `GET /v1/conversations/{conversation_id}`: the conversation's settings
/// and metadata, not its entries (see [`history`] and [`messages`]).
pub fn get(cfg: &ApiConfig, conversation_id: &str) -> Result<Call<Conversation>, Error> {
    let req = cfg.request(Method::Get, &conversation_path(conversation_id, "")?).build();
    Ok(Call::json(req, "Conversation"))
}

/// `DELETE /v1/conversations/{conversation_id}`: answers `204 No Content`.
pub fn delete(cfg: &ApiConfig, conversation_id: &str) -> Result<Call<()>, Error> {
    Ok(Call::empty(cfg.request(Method::Delete, &conversation_path(conversation_id, "")?).build()))
}

/// `GET /v1/conversations/{conversation_id}/history`: every entry (inputs,
/// outputs, function calls and results, tool executions, handoffs) in order.
pub fn history(cfg: &ApiConfig, conversation_id: &str) -> Result<Call<ConversationHistory>, Error> {
    let req = cfg.request(Method::Get, &conversation_path(conversation_id, "/history")?).build();
    Ok(Call::json(req, "ConversationHistory"))
}

/// `GET /v1/conversations/{conversation_id}/messages`: only the input and
/// output messages, for displaying a transcript.
pub fn messages(cfg: &ApiConfig, conversation_id: &str) -> Result<Call<ConversationMessages>, Error> {
    let req = cfg.request(Method::Get, &conversation_path(conversation_id, "/messages")?).build();
    Ok(Call::json(req, "ConversationMessages"))
}

fn start_request<const STREAM: bool>(
    cfg: &ApiConfig,
    body: &ConversationRequest<STREAM>,
) -> Result<HttpRequest, Error> {
    non_empty("agent_id", body.agent_id.as_deref())?;
    non_empty("model", body.model.as_deref())?;
    if body.agent_id.is_none() && body.model.is_none() {
        return Err(Error::invalid("model", "`model` or `agent_id`: the model or agent that answers"));
    }
    check_version(body.agent_version.as_ref())?;
    super::checks::known_tools(body.tools.as_ref())?;
    post::<_, STREAM>(cfg, PATH, body)
}

fn append_request<const STREAM: bool>(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationAppendRequest<STREAM>,
) -> Result<HttpRequest, Error> {
    post::<_, STREAM>(cfg, &conversation_path(conversation_id, "")?, body)
}

fn restart_request<const STREAM: bool>(
    cfg: &ApiConfig,
    conversation_id: &str,
    body: &ConversationRestartRequest<STREAM>,
) -> Result<HttpRequest, Error> {
    let path = conversation_path(conversation_id, "/restart")?;
    non_empty("from_entry_id", Some(&body.from_entry_id))?;
    check_version(body.agent_version.as_ref())?;
    post::<_, STREAM>(cfg, &path, body)
}

/// `STREAM` is the body type's own, so the accept header and the body's
/// `stream` member always come from the same choice.
fn post<B: serde::Serialize, const STREAM: bool>(cfg: &ApiConfig, path: &str, body: &B) -> Result<HttpRequest, Error> {
    let builder = cfg.request(Method::Post, path).json(body)?;
    Ok(if STREAM { builder.event_stream() } else { builder }.build())
}

fn conversation_path(conversation_id: &str, suffix: &str) -> Result<String, Error> {
    Ok(format!("{PATH}/{}{suffix}", path_param("conversation_id", conversation_id)?))
}

/// An id the request names must not be empty: the server would answer with
/// a 404 or a 422 that says less about the cause than this error does.
fn non_empty(field: &'static str, value: Option<&str>) -> Result<(), Error> {
    match value {
        Some("") => Err(Error::invalid(field, "a non-empty id")),
        _ => Ok(()),
    }
}

/// An empty alias would be sent as `"agent_version": ""`, which names no version.
fn check_version(version: Option<&AgentVersion>) -> Result<(), Error> {
    match version {
        Some(AgentVersion::Text(t)) if t.is_empty() => {
            Err(Error::invalid("agent_version", "a version number or a non-empty alias"))
        }
        _ => Ok(()),
    }
}

impl StreamCall<ConversationEvent> {
    /// [`StreamCall::with_data`] for conversation events, decoding each one
    /// straight from its text: the tag is read and the variant decoded in
    /// two passes, without first capturing the object. A failure is decoded
    /// again the generic way, so its error is exactly the generic one.
    pub fn events_with_data(self) -> StreamCall<WithData<ConversationEvent>> {
        self.decode_with(|target, data| match ConversationEvent::from_object_text(&data) {
            Ok(value) => Ok(WithData { value, data }),
            Err(_) => DecodeError::decode::<ConversationEvent>(target, &data).map(|value| WithData { value, data }),
        })
    }
}
