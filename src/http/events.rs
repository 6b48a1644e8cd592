//! A typed event stream: body chunks from [`ByteStream`] through an
//! [`EventStreamDecoder`], as a Rust `Stream`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, LocalBoxStream, Stream, StreamExt};

use super::transport::ByteStream;
use crate::api::{EventStreamDecoder, StreamCall};
use crate::error::Error;

/// The events of a streamed call. Items after an `Err` may still follow (a
/// malformed event does not end the stream); a transport error or the end
/// rule ends it. Dropping the stream aborts the request.
pub struct EventStream<T> {
    batches: Batches<T>,
    ready: VecDeque<Result<T, Error>>,
}

/// The items of one body chunk at a time (never an empty batch).
pub type Batches<T> = LocalBoxStream<'static, Vec<Result<T, Error>>>;

struct State<T> {
    body: ByteStream,
    decoder: EventStreamDecoder<T>,
    ended: bool,
}

impl<T: 'static> EventStream<T> {
    pub(crate) fn new(body: ByteStream, call: &StreamCall<T>) -> Self {
        let state = State { body, decoder: EventStreamDecoder::for_call(call), ended: false };
        let batches = stream::unfold(state, |mut s| async move {
            loop {
                if s.ended {
                    return None;
                }
                let mut out = Vec::new();
                match s.body.next().await {
                    Ok(Some(chunk)) => s.decoder.push(&chunk, &mut out),
                    Ok(None) => {
                        s.decoder.finish(&mut out);
                        s.ended = true;
                    }
                    Err(e) => {
                        out.push(Err(e));
                        s.ended = true;
                    }
                }
                if s.decoder.is_done() {
                    // `[DONE]` arrived: stop reading and free the connection.
                    s.body.close();
                    s.ended = true;
                }
                if !out.is_empty() {
                    return Some((out, s));
                }
            }
        });
        EventStream { batches: batches.boxed_local(), ready: VecDeque::new() }
    }
}

impl<T: 'static> EventStream<T> {
    /// The items a chunk at a time, for a consumer that hands them on in
    /// batches (the JS bindings cross into JS once per batch). Reads no
    /// further than the item stream would.
    pub fn into_batches(self) -> Batches<T> {
        let EventStream { batches, ready } = self;
        let first = (!ready.is_empty()).then(|| Vec::from(ready));
        stream::iter(first).chain(batches).boxed_local()
    }
}

// Nothing is pinned in place: the batch stream is boxed, the queue is plain data.
impl<T> Unpin for EventStream<T> {}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            match this.batches.as_mut().poll_next(cx) {
                Poll::Ready(Some(batch)) => this.ready.extend(batch),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
