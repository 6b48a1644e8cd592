// Executes one tool call of a run: a local function or an MCP tool, bounded
// by a timeout and the run's signal, and turns whatever it returns into the
// text of a `function.result`. Never rejects: every outcome is
// `{ ok: true, text }` or `{ ok: false, text }` (the error to report).

/** A string as is, `undefined` as an empty result, anything else as JSON (throws on cycles and BigInts). */
function textOf(value) {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/** The text of an MCP CallToolResult: its text blocks, or the whole result when it holds more (images, audio, resources, structured content), so nothing is dropped. */
function mcpText(result) {
  const content = Array.isArray(result?.content) ? result.content : [];
  const onlyText = content.every((c) => c?.type === "text") && result?.structuredContent === undefined;
  if (onlyText) return content.map((c) => c.text).join("\n");
  const kept = { content };
  if (result?.structuredContent !== undefined) kept.structuredContent = result.structuredContent;
  return JSON.stringify(kept);
}

function errorText(error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `error: ${message}`;
}

export function runTool(kind, target, name, args, context, timeoutMs, runSignal) {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(runSignal.reason);
  if (runSignal) {
    if (runSignal.aborted) return Promise.resolve({ ok: false, text: "error: the run was aborted", aborted: true });
    runSignal.addEventListener("abort", onRunAbort, { once: true });
  }
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      // Settled before the abort, so the race reports the timeout.
      resolve({ ok: false, text: `error: the tool did not answer within ${timeoutMs} ms`, timedOut: true });
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, Math.min(timeoutMs, 2147483647));
  });
  const aborted = new Promise((resolve) => {
    controller.signal.addEventListener("abort", () => resolve({ ok: false, text: "error: the run was aborted", aborted: true }), { once: true });
  });
  const ctx = { ...context, signal: controller.signal };
  const work = (async () => {
    if (kind === "mcp") {
      const result = await target.callTool(name, args, { signal: controller.signal, timeoutMs });
      const text = mcpText(result);
      return result?.isError === true ? { ok: false, text: `error: ${text}` } : { ok: true, text };
    }
    const value = await target(args, ctx);
    try {
      return { ok: true, text: textOf(value) };
    } catch (error) {
      return { ok: false, text: `error: the tool returned a value JSON cannot hold (${error.message})` };
    }
  })().catch((error) => ({ ok: false, text: errorText(error) }));
  return Promise.race([work, timeout, aborted]).finally(() => {
    clearTimeout(timer);
    runSignal?.removeEventListener("abort", onRunAbort);
  });
}
