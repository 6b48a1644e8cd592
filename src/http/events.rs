//! A typed event stream: body chunks from [`ByteStream`] through an
//! [`EventStreamDecoder`], as a Rust `Stream`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, LocalBoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::transport::ByteStream;
use crate::api::{EventStreamDecoder, StreamCall};
use crate::error::Error;

/// The events of a streamed call. Items after an `Err` may still follow (a
/// malformed event does not end the stream); a transport error or the end
/// rule ends it. Dropping the stream aborts the request.
pub struct EventStream<T> {
    inner: LocalBoxStream<'static, Result<T, Error>>,
}

struct State<T> {
    body: ByteStream,
    decoder: EventStreamDecoder<T>,
    ready: VecDeque<Result<T, Error>>,
    ended: bool,
}

impl<T: DeserializeOwned + 'static> EventStream<T> {
    pub(crate) fn new(body: ByteStream, call: &StreamCall<T>) -> Self {
        let state = State { body, decoder: EventStreamDecoder::for_call(call), ready: VecDeque::new(), ended: false };
        let inner = stream::unfold(state, |mut s| async move {
            loop {
                if let Some(item) = s.ready.pop_front() {
                    return Some((item, s));
                }
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
                s.ready.extend(out);
            }
        });
        EventStream { inner: inner.boxed_local() }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
