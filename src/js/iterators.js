// JS faces of the Rust streams: async iterables (so `for await` works and a
// `break` cancels the request), `ReadableStream`s, and `abort()`.
// `source.next()` resolves to the next batch of items (an array, never
// empty) or `undefined` at the end; items are handed out one by one from
// the batch.
//
// A streamed call's source also lends out its body's reader (`source.body`):
// then this side reads the body and pushes each chunk into the wasm decoder,
// which answers synchronously, so a chunk costs one `read()` and no promise
// or closure on the wasm side (what dominates when every event is a chunk).
//
// Once nothing more can come (the end was read, or the stream was aborted)
// the source's wasm state is freed at once rather than when the GC collects
// its wrapper: what `finalResponse()` needs is kept here first.

function reader(source) {
  let batch = [];
  let at = 0;
  // Once freed: what the source would still have answered.
  let after = null; // { read: Promise, final: Promise } or { text } or { error }
  const body = source.body;
  // The pending body read, when this side reads the body: the next `next()`
  // waits for it rather than reading out of order.
  let pulling = null;

  function release(aborted) {
    if (after) return;
    if (aborted || !source.done) {
      // Both settle at once (an aborted read rejects, an ended one resolves).
      after = { read: source.next(), final: source.finalResponse() };
      after.read.catch(() => {});
      after.final.catch(() => {});
    } else {
      try {
        after = { text: source.takeFinal() };
      } catch (error) {
        after = { error };
      }
    }
    source.free();
  }

  /** The next batch read from `body` (an array), or `undefined` at the end. */
  async function pull() {
    for (;;) {
      const text = source.take();
      if (text !== undefined) return JSON.parse(text);
      if (source.done) return undefined;
      let value;
      let failed = false;
      try {
        const r = await body.read();
        value = r.done ? undefined : (r.value ?? null);
      } catch (error) {
        value = error;
        failed = true;
      }
      if (after) return after.read ? await after.read : undefined;
      if (failed) source.fail(value);
      else source.push(value);
    }
  }

  async function next() {
    if (at < batch.length) return batch[at++];
    if (after) return after.read ? (await after.read)?.[0] : undefined;
    if (pulling) {
      await pulling.catch(() => {});
      return next();
    }
    let items;
    try {
      if (body) {
        pulling = pull();
        try {
          items = await pulling;
        } finally {
          pulling = null;
        }
      } else {
        items = await source.next();
      }
    } catch (error) {
      if (!after && source.done) release(false);
      throw error;
    }
    if (after) return items?.[0];
    if (items === undefined) {
      release(false);
      return undefined;
    }
    batch = items;
    at = 1;
    return items[0];
  }

  return {
    /** The next item, or `undefined` at the end. */
    next,
    abort() {
      batch = [];
      at = 0;
      if (after) return;
      source.abort();
      release(true);
    },
    async finalResponse() {
      // The body is read on this side: reading what is left goes through `next`.
      if (!after && body) {
        while ((await next()) !== undefined);
      }
      if (!after) return source.finalResponse();
      if (after.final) return after.final;
      if (after.error) throw after.error;
      return JSON.parse(after.text);
    },
  };
}

function iterator(r) {
  return {
    async next() {
      const value = await r.next();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    // Called by `break`/`return`/`throw` inside `for await`: the rest is not wanted.
    async return(value) {
      r.abort();
      return { done: true, value };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function readable(r) {
  return new ReadableStream({
    async pull(controller) {
      try {
        const value = await r.next();
        if (value === undefined) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      r.abort();
    },
  });
}

/** The object a streaming method resolves to. */
export function eventStream(source) {
  const r = reader(source);
  const it = iterator(r);
  return {
    next: it.next,
    return: it.return,
    [Symbol.asyncIterator]() {
      return it;
    },
    toReadableStream() {
      return readable(r);
    },
    abort() {
      r.abort();
    },
    finalResponse() {
      return r.finalResponse();
    },
  };
}

/** A lazily fetched sequence (every cursor page of a listing). */
export function asyncIterable(source) {
  return {
    [Symbol.asyncIterator]() {
      return iterator(reader(source));
    },
  };
}
