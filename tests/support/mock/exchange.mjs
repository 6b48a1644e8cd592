// One request/response pair and its lifetime. The response's `close` event
// (the client went away, or the response ended) is the single place that
// releases what the exchange holds: its open-stream count and its timers.
// Tests rely on that to prove an aborted client released the connection.

export class Exchange {
  /**
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   * @param {{ streamOpened(): void, streamClosed(): void }} hooks
   * @param {{ status: number | null }} record the stats entry of this request
   */
  constructor(req, res, hooks, record) {
    this.req = req;
    this.res = res;
    this.hooks = hooks;
    this.record = record;
    this.closed = false;
    this.timers = new Set();
    this.waiters = new Set();
    this.streaming = false;
    res.once("close", () => {
      this.closed = true;
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      for (const w of this.waiters) w(false);
      this.waiters.clear();
      if (this.streaming) {
        this.streaming = false;
        hooks.streamClosed();
      }
    });
  }

  /** Sends the status line and headers, and records the status for stats. */
  writeHead(status, headers = {}) {
    this.record.status = status;
    this.res.writeHead(status, headers);
  }

  /** Counts this exchange as an open stream until the response closes. */
  markStreaming() {
    if (this.streaming || this.closed) return;
    this.streaming = true;
    this.hooks.streamOpened();
  }

  /** Resolves `true` after `ms`, or `false` as soon as the client goes away. */
  sleep(ms) {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (open) => {
        this.waiters.delete(done);
        resolve(open);
      };
      const t = setTimeout(() => {
        this.timers.delete(t);
        done(!this.closed);
      }, Math.max(0, ms));
      this.timers.add(t);
      this.waiters.add(done);
    });
  }

  /** Resolves when the client goes away (for stalls). */
  untilClosed() {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** Writes a chunk and yields to the event loop, so chunks leave separately. */
  async write(chunk) {
    if (this.closed) return false;
    this.res.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
    return !this.closed;
  }

  /** Drops the TCP connection without a proper end (a reset). */
  reset() {
    this.req.socket?.destroy();
  }
}
