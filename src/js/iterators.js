// JS faces of the Rust streams: async iterables (so `for await` works and a
// `break` cancels the request), `ReadableStream`s, and `abort()`.
// `source.next()` resolves to the next item or `undefined` at the end.

function iterator(source) {
  return {
    async next() {
      const value = await source.next();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    // Called by `break`/`return`/`throw` inside `for await`: the rest is not wanted.
    async return(value) {
      source.abort();
      return { done: true, value };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function readable(source) {
  return new ReadableStream({
    async pull(controller) {
      try {
        const value = await source.next();
        if (value === undefined) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      source.abort();
    },
  });
}

/** The object a streaming method resolves to. */
export function eventStream(source) {
  const it = iterator(source);
  return {
    next: it.next,
    return: it.return,
    [Symbol.asyncIterator]() {
      return it;
    },
    toReadableStream() {
      return readable(source);
    },
    abort() {
      source.abort();
    },
    finalResponse() {
      return source.finalResponse();
    },
  };
}

/** A lazily fetched sequence (every cursor page of a listing). */
export function asyncIterable(source) {
  return {
    [Symbol.asyncIterator]() {
      return iterator(source);
    },
  };
}
