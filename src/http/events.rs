//! A typed event stream: body chunks from [`ByteStream`] through an
//! [`EventStreamDecoder`], as a Rust `Stream`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, LocalBoxStream, Stream, StreamExt};

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::transport::ByteStream;
use crate::api::{EventStreamDecoder, StreamCall};
use crate::error::Error;

/// The events of a streamed call. Items after an `Err` may still follow (a
/// malformed event does not end the stream); a transport error or the end
/// rule ends it. Dropping the stream aborts the request.
pub struct EventStream<T> {
    /// Until first read: a consumer may still take the decoder and read
    /// the body itself ([`EventStream::into_decoder`]).
    decoder: Option<ChunkDecoder<T>>,
    batches: Option<Batches<T>>,
    ready: VecDeque<Result<T, Error>>,
}

/// The items of one body chunk at a time (never an empty batch).
pub type Batches<T> = LocalBoxStream<'static, Vec<Result<T, Error>>>;

/// A streamed body and its event decoder: each read of the body, settled,
/// gives the items that chunk completed. Synchronous, so a JS consumer can
/// read the body and push each chunk in without a Rust future per chunk.
pub struct ChunkDecoder<T> {
    body: ByteStream,
    decoder: EventStreamDecoder<T>,
    ended: bool,
}

impl<T> ChunkDecoder<T> {
    /// The body, to read from (its reader, or one read at a time).
    pub fn body(&self) -> &ByteStream {
        &self.body
    }

    /// Whether nothing more will come.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Takes what a read of the body resolved or rejected to, appending the
    /// items it completed (a transport error is an item too, and ends it).
    pub fn settle(&mut self, read: Result<JsValue, JsValue>, out: &mut Vec<Result<T, Error>>) {
        if self.ended {
            return;
        }
        match self.body.settle(read) {
            Ok(Some(chunk)) => self.decoder.push(&chunk, out),
            Ok(None) => {
                self.decoder.finish(out);
                self.ended = true;
            }
            Err(e) => {
                out.push(Err(e));
                self.ended = true;
            }
        }
        if self.decoder.is_done() {
            // `[DONE]` arrived: stop reading and free the connection.
            self.body.close();
            self.ended = true;
        }
    }
}

impl<T: 'static> EventStream<T> {
    pub(crate) fn new(body: ByteStream, call: &StreamCall<T>) -> Self {
        let decoder = ChunkDecoder { body, decoder: EventStreamDecoder::for_call(call), ended: false };
        EventStream { decoder: Some(decoder), batches: None, ready: VecDeque::new() }
    }

    /// The body and decoder, for a consumer that reads the body itself;
    /// `None` once the stream has been read from.
    pub fn into_decoder(self) -> Option<ChunkDecoder<T>> {
        self.decoder
    }

    fn batches(&mut self) -> &mut Batches<T> {
        let decoder = self.decoder.take();
        self.batches.get_or_insert_with(|| {
            let batches = stream::unfold(decoder, |mut d| async move {
                let s = d.as_mut()?;
                loop {
                    if s.ended {
                        return None;
                    }
                    let read = s.body.read()?;
                    let result = JsFuture::from(read).await;
                    let mut out = Vec::new();
                    s.settle(result, &mut out);
                    if !out.is_empty() {
                        return Some((out, d));
                    }
                }
            });
            batches.boxed_local()
        })
    }

    /// The items a chunk at a time, for a consumer that hands them on in
    /// batches (the JS bindings cross into JS once per batch). Reads no
    /// further than the item stream would.
    pub fn into_batches(mut self) -> Batches<T> {
        self.batches();
        let EventStream { batches, ready, .. } = self;
        let first = (!ready.is_empty()).then(|| Vec::from(ready));
        let rest = batches.unwrap_or_else(|| stream::empty().boxed_local());
        stream::iter(first).chain(rest).boxed_local()
    }
}

// Nothing is pinned in place: the batch stream is boxed, the queue is plain data.
impl<T> Unpin for EventStream<T> {}

impl<T: 'static> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            match this.batches().as_mut().poll_next(cx) {
                Poll::Ready(Some(batch)) => this.ready.extend(batch),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
