//! What the server asks of the client: requests on a stream (2025 eras and
//! 2024-11-05), or `input_required` rounds (2026-07-28). Both go to the
//! app's one handler; `ping` is answered here.

use serde_json::Value;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortSignal;

use super::wire::Wire;
use super::{pump, DriverError, McpSession};
use crate::mcp::jsonrpc::{
    ErrorCode, ErrorObject, ErrorResponse, Message, Request, RequestId, Response, ResultResponse,
};
use crate::mcp::types::input::{InputRequest, InputRequiredResult, InputResponses};
use crate::models::common::JsonObject;

/// The app's answer to `method`, or the JSON-RPC error to send instead.
async fn handle(session: &McpSession, method: &str, params: JsonObject) -> Result<JsonObject, ErrorObject> {
    if method == "ping" {
        return Ok(JsonObject::new());
    }
    let known = matches!(method, "elicitation/create" | "sampling/createMessage" | "roots/list");
    match session.cfg().on_request.clone() {
        Some(handler) if known => handler(method.to_owned(), params).await,
        _ => Err(ErrorObject::new(ErrorCode::METHOD_NOT_FOUND, format!("this client does not offer `{method}`"))),
    }
}

/// Answers a server's request and POSTs the reply.
pub(super) async fn answer(session: McpSession, request: Request) {
    let params = request.params.unwrap_or_default();
    let reply = match handle(&session, &request.method, params).await {
        Ok(result) => Response::Result(ResultResponse { id: request.id, result }),
        Err(error) => Response::Error(ErrorResponse { id: Some(request.id), error }),
    };
    session.fire(Message::Response(reply));
}

/// Gathers the answers of an `input_required` result and sends the request
/// again with them; the new answer goes to the same waiting caller.
pub(super) async fn input_round(
    session: McpSession,
    id: RequestId,
    result: InputRequiredResult,
    signal: Option<AbortSignal>,
) {
    let mut answers = JsonObject::new();
    for (key, request) in result.input_requests.unwrap_or_default() {
        let method = request.method().to_owned();
        let params = match request {
            InputRequest::CreateMessage(r) => serde_json::to_value(r.params),
            InputRequest::Elicit(r) => serde_json::to_value(r.params),
            InputRequest::ListRoots(r) => serde_json::to_value(r.params.unwrap_or_default()),
            InputRequest::Unknown(v) => Ok(v.get("params").cloned().unwrap_or(Value::Null)),
        };
        let params = match params {
            Ok(Value::Object(p)) => p,
            _ => JsonObject::new(),
        };
        match handle(&session, &method, params).await {
            Ok(result) => {
                answers.insert(key, Value::Object(result));
            }
            Err(error) => {
                // The request cannot go on without this answer.
                let error = DriverError::Mcp(crate::mcp::McpError::Rpc(error));
                session.with(|s| s.complete(&id, Err(error)));
                return;
            }
        }
    }
    let answers: Result<InputResponses, _> = serde_json::from_value(Value::Object(answers));
    let out = session.with(|s| {
        let waiter = s.waiters.remove(&id)?;
        let new_id = s.pending.next_id();
        s.pending.rekey(&id, new_id.clone());
        *waiter.current.borrow_mut() = new_id.clone();
        s.waiters.insert(new_id.clone(), waiter);
        let sent = match (answers, s.wire.as_mut()) {
            (Ok(answers), Some(Wire::Stateless(m))) => m.retry_with_input(&id, new_id.clone(), answers),
            (Err(e), _) => Err(crate::mcp::transport::TransportError::InvalidResult {
                field: "inputResponses",
                detail: format!("the client's handler answered with something that is not an input response: {e}"),
            }),
            _ => Err(crate::mcp::transport::TransportError::NotReady { state: "not connected" }),
        };
        match sent {
            Ok(out) => Some((s.epoch, new_id, out)),
            Err(e) => {
                s.complete(&new_id, Err(DriverError::Transport(e)));
                None
            }
        }
    });
    if let Some((epoch, new_id, out)) = out {
        spawn_local(pump::run(session.clone(), epoch, out, Some(new_id), signal));
    }
}
