// The case harness both end-to-end suites (./cases.mjs, ../mcp/cases.mjs)
// share: the deadline of a case, and the promise rejections nobody handled
// while it ran, in Node, a page and a Worker alike.

import { show } from "./assert.mjs";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Promise rejections nobody handled, in any runtime: a binding that drops a
 * rejected promise (a late abort, a cancelled read) shows up here and fails
 * the case that caused it.
 */
const unhandled = [];
let watching = false;
export function watchUnhandled() {
  if (watching) return;
  watching = true;
  if (typeof process !== "undefined" && typeof process.on === "function") {
    process.on("unhandledRejection", (reason) => unhandled.push(reason));
  } else if (typeof globalThis.addEventListener === "function") {
    globalThis.addEventListener("unhandledrejection", (event) => {
      unhandled.push(event.reason);
      event.preventDefault?.();
    });
  }
}

/**
 * Runs one case with a deadline and returns what the harness reports:
 * `{ name, ok, message, ms }` (never throws, so a runtime can send it back
 * as JSON).
 */
export async function runCase(testCase, ctx, timeoutMs = 60000) {
  const started = Date.now();
  const seen = unhandled.length;
  let timer;
  try {
    await Promise.race([
      Promise.resolve().then(() => testCase.run(ctx)),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`case did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    // Rejection tracking reports after the current task: give it a few.
    await sleep(30);
    const reasons = unhandled.slice(seen).filter((r) => !ctx.ignoreUnhandled?.(r)).map((r) => show(r));
    if (reasons.length) {
      throw new Error(`unhandled promise rejection(s) during the case: ${reasons.join("; ")}`);
    }
    return { name: testCase.name, ok: true, message: "", ms: Date.now() - started };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : `thrown non-error: ${show(e)}`;
    const frames = e instanceof Error && typeof e.stack === "string" ? e.stack.split("\n").filter((l) => /^\s+at |@/.test(l)).slice(0, 6) : [];
    return { name: testCase.name, ok: false, message: [message, ...frames].join("\n"), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
