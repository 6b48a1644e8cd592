//! The requests a client has sent and not yet seen answered.
//!
//! Sans-IO: the table never reads a clock or touches a transport. Time comes
//! in as milliseconds (`now_ms`) from whoever drives it, and what it decides
//! comes out as values: the outcome of a response, the `notifications/cancelled`
//! message to send, the requests whose deadline passed. That keeps it
//! deterministic, so its tests step it in memory.
//!
//! Every request gets a deadline when it is registered, so none can wait
//! forever: the driver calls [`PendingRequests::expire`] at
//! [`PendingRequests::next_deadline`]. A response is matched by id; one for
//! an id the table does not know is reported as ignored, and so is a late
//! response to a request that was cancelled or timed out (the spec says the
//! sender ignores those; the table remembers the last few such ids so that
//! the report can say why).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use super::error::{McpError, RequestCancelled, RequestTimeout};
use super::jsonrpc::{ErrorObject, Notification, RequestId, Response};
use super::types::meta::ProgressToken;
use super::types::notifications::{CancelledNotificationParams, ProgressNotificationParams};
use crate::models::common::JsonObject;

/// How many cancelled or timed-out ids are remembered, to explain a late
/// response; older ones are then reported as unknown (and ignored all the
/// same).
const CLOSED_MEMORY: usize = 256;

/// The spec forbids cancelling the handshake; a client that gives up on it
/// closes the connection instead.
const UNCANCELLABLE: &str = "initialize";

/// The pending-request table.
#[derive(Debug, Clone)]
pub struct PendingRequests {
    next_id: i64,
    entries: BTreeMap<RequestId, Entry>,
    tokens: BTreeMap<ProgressToken, RequestId>,
    closed: VecDeque<(RequestId, String, Closed)>,
}

#[derive(Debug, Clone)]
struct Entry {
    method: String,
    started_ms: u64,
    deadline_ms: u64,
    progress_token: Option<ProgressToken>,
    last_progress: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closed {
    Cancelled,
    TimedOut,
}

/// A request [`PendingRequests::start`] registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub id: RequestId,
    /// To put in the request's `_meta.progressToken`, when progress was asked for.
    pub progress_token: Option<ProgressToken>,
}

/// A registration the table refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PendingError {
    /// The id is already pending: ids must not repeat while in flight.
    DuplicateId(RequestId),
    /// Another pending request already uses the progress token.
    DuplicateProgressToken(ProgressToken),
}

impl fmt::Display for PendingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateId(id) => write!(f, "request id {id} is already pending"),
            Self::DuplicateProgressToken(_) => f.write_str("progress token is already in use by a pending request"),
        }
    }
}

impl std::error::Error for PendingError {}

/// What a response did to the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// It answered a pending request, which is now closed: `outcome` is the
    /// result object, or the server's error as [`McpError::Rpc`].
    Resolved { id: RequestId, method: String, outcome: Result<JsonObject, McpError> },
    /// It was dropped.
    Ignored(Ignored),
}

/// Why a response was dropped.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Ignored {
    /// No request with this id is pending (a server bug, or a response to a
    /// request closed too long ago to be remembered).
    UnknownId(RequestId),
    /// The request was cancelled before the response arrived.
    Cancelled { id: RequestId, method: String },
    /// The request timed out before the response arrived.
    TimedOut { id: RequestId, method: String },
    /// An error response without an id: the server could not tell which
    /// request it rejects.
    NoId(ErrorObject),
}

/// A request closed by [`PendingRequests::cancel`].
#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    pub id: RequestId,
    pub method: String,
    /// To send to the server; `None` for `initialize`, which must not be
    /// cancelled. Transports that cancel by closing a stream (Streamable
    /// HTTP from 2026-07-28) may skip it.
    pub notification: Option<Notification>,
    /// What the caller waiting on the request gets.
    pub error: McpError,
}

/// A request closed by [`PendingRequests::expire`].
#[derive(Debug, Clone, PartialEq)]
pub struct Expired {
    pub id: RequestId,
    pub method: String,
    /// The cancellation the spec asks a sender to issue on timeout (`None`
    /// for `initialize`).
    pub notification: Option<Notification>,
    /// What the caller waiting on the request gets: [`McpError::Timeout`].
    pub error: McpError,
}

/// Where a `notifications/progress` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressRoute {
    /// To the caller of this pending request.
    Deliver { id: RequestId },
    /// Nowhere: no pending request owns the token (it finished, or the
    /// server made it up).
    UnknownToken,
    /// Nowhere: the value did not increase, which the spec requires; a
    /// replayed or reordered notification is not shown twice.
    NotIncreasing { id: RequestId },
}

impl Default for PendingRequests {
    fn default() -> Self {
        Self::new()
    }
}

impl PendingRequests {
    pub fn new() -> Self {
        // Ids start at 1: some servers treat a falsy id (0) as missing.
        Self { next_id: 1, entries: BTreeMap::new(), tokens: BTreeMap::new(), closed: VecDeque::new() }
    }

    /// A fresh numeric id, not pending. Ids increase and only wrap after
    /// `i64::MAX`, so a late response is never mistaken for a newer request.
    pub fn next_id(&mut self) -> RequestId {
        loop {
            let id = RequestId::Number(self.next_id);
            self.next_id = if self.next_id == i64::MAX { 1 } else { self.next_id + 1 };
            if !self.entries.contains_key(&id) {
                return id;
            }
        }
    }

    /// Registers a request sent at `now_ms` that must be answered within
    /// `timeout_ms`, optionally owning a progress token.
    pub fn register(
        &mut self,
        id: RequestId,
        method: impl Into<String>,
        now_ms: u64,
        timeout_ms: u64,
        progress_token: Option<ProgressToken>,
    ) -> Result<(), PendingError> {
        if self.entries.contains_key(&id) {
            return Err(PendingError::DuplicateId(id));
        }
        if let Some(token) = &progress_token {
            if self.tokens.contains_key(token) {
                return Err(PendingError::DuplicateProgressToken(token.clone()));
            }
            self.tokens.insert(token.clone(), id.clone());
        }
        let entry = Entry {
            method: method.into(),
            started_ms: now_ms,
            deadline_ms: now_ms.saturating_add(timeout_ms),
            progress_token,
            last_progress: None,
        };
        self.entries.insert(id, entry);
        Ok(())
    }

    /// Allocates an id and registers the request under it; with
    /// `want_progress`, the id doubles as its progress token (unique for as
    /// long as the request is pending, as the spec requires).
    pub fn start(&mut self, method: &str, now_ms: u64, timeout_ms: u64, want_progress: bool) -> Started {
        loop {
            let id = self.next_id();
            let progress_token = want_progress.then(|| ProgressToken::from(&id));
            // Only a token registered by hand can collide; skip to the next id.
            if self.register(id.clone(), method, now_ms, timeout_ms, progress_token.clone()).is_ok() {
                return Started { id, progress_token };
            }
        }
    }

    /// Matches a response to its request and closes it.
    pub fn resolve(&mut self, response: Response) -> Resolution {
        let Some(id) = response.id().cloned() else {
            return match response {
                Response::Error(e) => Resolution::Ignored(Ignored::NoId(e.error)),
                // A result always has an id (the parser requires it).
                Response::Result(r) => Resolution::Ignored(Ignored::UnknownId(r.id)),
            };
        };
        let Some(entry) = self.close(&id) else {
            let Some(at) = self.closed.iter().position(|(closed, _, _)| *closed == id) else {
                return Resolution::Ignored(Ignored::UnknownId(id));
            };
            // A request gets one response: once explained, forget it.
            let ignored = match self.closed.remove(at) {
                Some((id, method, Closed::Cancelled)) => Ignored::Cancelled { id, method },
                Some((id, method, Closed::TimedOut)) => Ignored::TimedOut { id, method },
                None => Ignored::UnknownId(id),
            };
            return Resolution::Ignored(ignored);
        };
        let outcome = match response {
            Response::Result(r) => Ok(r.result),
            Response::Error(e) => Err(McpError::Rpc(e.error)),
        };
        Resolution::Resolved { id, method: entry.method, outcome }
    }

    /// Gives up on a pending request: closes it and produces the
    /// `notifications/cancelled` to send. `None` if it is not pending.
    pub fn cancel(&mut self, id: &RequestId, reason: Option<&str>) -> Option<Cancellation> {
        let entry = self.close(id)?;
        self.remember(id.clone(), entry.method.clone(), Closed::Cancelled);
        Some(Cancellation {
            id: id.clone(),
            notification: cancel_notification(&entry.method, id, reason),
            error: McpError::Cancelled(RequestCancelled {
                id: id.clone(),
                method: entry.method.clone(),
                reason: reason.map(str::to_owned),
            }),
            method: entry.method,
        })
    }

    /// Closes every request whose deadline is at or before `now_ms`, in
    /// deadline order.
    pub fn expire(&mut self, now_ms: u64) -> Vec<Expired> {
        let mut due: Vec<(u64, RequestId)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.deadline_ms <= now_ms)
            .map(|(id, e)| (e.deadline_ms, id.clone()))
            .collect();
        due.sort();
        let mut out = Vec::with_capacity(due.len());
        for (_, id) in due {
            let Some(entry) = self.close(&id) else { continue };
            self.remember(id.clone(), entry.method.clone(), Closed::TimedOut);
            let timeout_ms = entry.deadline_ms.saturating_sub(entry.started_ms);
            let reason = format!("timed out after {timeout_ms} ms");
            out.push(Expired {
                notification: cancel_notification(&entry.method, &id, Some(&reason)),
                error: McpError::Timeout(RequestTimeout { id: id.clone(), method: entry.method.clone(), timeout_ms }),
                id,
                method: entry.method,
            });
        }
        out
    }

    /// The earliest deadline of a pending request: when to call
    /// [`PendingRequests::expire`] next.
    pub fn next_deadline(&self) -> Option<u64> {
        self.entries.values().map(|e| e.deadline_ms).min()
    }

    /// Moves a pending request's deadline (e.g. on progress, for callers
    /// that give long tool calls more time while they report progress).
    /// `false` if it is not pending.
    pub fn set_deadline(&mut self, id: &RequestId, deadline_ms: u64) -> bool {
        match self.entries.get_mut(id) {
            Some(entry) => {
                entry.deadline_ms = deadline_ms;
                true
            }
            None => false,
        }
    }

    /// Moves a pending request to a new id (a 2026-07-28 request sent again
    /// after `input_required` is a new request); its progress token and
    /// deadline go with it. `false` if `old` is not pending or `new` is.
    pub fn rekey(&mut self, old: &RequestId, new: RequestId) -> bool {
        if self.entries.contains_key(&new) {
            return false;
        }
        let Some(entry) = self.entries.remove(old) else { return false };
        if let Some(token) = &entry.progress_token {
            self.tokens.insert(token.clone(), new.clone());
        }
        self.entries.insert(new, entry);
        true
    }

    /// Finds the pending request a progress notification is about.
    pub fn route_progress(&mut self, params: &ProgressNotificationParams) -> ProgressRoute {
        let Some(id) = self.tokens.get(&params.progress_token) else { return ProgressRoute::UnknownToken };
        let Some(entry) = self.entries.get_mut(id) else { return ProgressRoute::UnknownToken };
        // NaN (not from JSON, but from a caller's struct) counts as not increasing.
        let increasing = |last: f64| params.progress.partial_cmp(&last) == Some(std::cmp::Ordering::Greater);
        if entry.last_progress.is_some_and(|last| !increasing(last)) {
            return ProgressRoute::NotIncreasing { id: id.clone() };
        }
        entry.last_progress = Some(params.progress);
        ProgressRoute::Deliver { id: id.clone() }
    }

    /// Closes every pending request (the connection or session is gone) and
    /// returns their ids and methods, so that each caller can be failed.
    pub fn drain(&mut self) -> Vec<(RequestId, String)> {
        self.tokens.clear();
        std::mem::take(&mut self.entries).into_iter().map(|(id, e)| (id, e.method)).collect()
    }

    /// The method of a pending request.
    pub fn method(&self, id: &RequestId) -> Option<&str> {
        self.entries.get(id).map(|e| e.method.as_str())
    }

    pub fn contains(&self, id: &RequestId) -> bool {
        self.entries.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn close(&mut self, id: &RequestId) -> Option<Entry> {
        let entry = self.entries.remove(id)?;
        if let Some(token) = &entry.progress_token {
            self.tokens.remove(token);
        }
        Some(entry)
    }

    fn remember(&mut self, id: RequestId, method: String, how: Closed) {
        if self.closed.len() == CLOSED_MEMORY {
            self.closed.pop_front();
        }
        self.closed.push_back((id, method, how));
    }
}

fn cancel_notification(method: &str, id: &RequestId, reason: Option<&str>) -> Option<Notification> {
    (method != UNCANCELLABLE).then(|| CancelledNotificationParams::notification(id, reason))
}
