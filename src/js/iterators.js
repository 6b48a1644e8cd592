// JS faces of the Rust streams: async iterables (so `for await` works and a
// `break` cancels the request), `ReadableStream`s, and `abort()`.
// `source.next()` resolves to the next batch of items (an array, never
// empty) or `undefined` at the end; items are handed out one by one from
// the batch.
//
// Once nothing more can come (the end was read, or the stream was aborted)
// the source's wasm state is freed at once rather than when the GC collects
// its wrapper: what `finalResponse()` needs is kept here first.

function reader(source) {
  let batch = [];
  let at = 0;
  // Once freed: what the source would still have answered.
  let after = null; // { read: Promise, final: Promise } or { text } or { error }

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

  return {
    /** The next item, or `undefined` at the end. */
    async next() {
      if (at < batch.length) return batch[at++];
      if (after) return after.read ? (await after.read)?.[0] : undefined;
      let items;
      try {
        items = await source.next();
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
    },
    abort() {
      batch = [];
      at = 0;
      if (after) return;
      source.abort();
      release(true);
    },
    finalResponse() {
      if (!after) return source.finalResponse();
      if (after.final) return after.final;
      if (after.error) return Promise.reject(after.error);
      return Promise.resolve(JSON.parse(after.text));
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
