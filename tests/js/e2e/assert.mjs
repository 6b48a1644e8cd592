// A small assert for the end-to-end cases. node:assert does not exist in a
// browser page or in workerd, and the cases run unchanged in all three, so
// they use this instead. Messages carry the values compared, because the
// runtime's failure message is all the report shows.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

/** A short, readable rendering of any value for a failure message. */
export function show(value) {
  if (typeof value === "string") return JSON.stringify(value.length > 300 ? `${value.slice(0, 300)}…` : value);
  if (typeof value === "function") return `[function ${value.name || "anonymous"}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  let text;
  try {
    text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
  } catch {
    text = undefined;
  }
  if (text === undefined) text = String(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function fail(message, detail) {
  throw new AssertionError(message ? `${message}: ${detail}` : detail);
}

function isPlainObject(v) {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The path of the first difference between `a` and `b`, or null when deeply equal. */
function difference(a, b, path = "$") {
  if (Object.is(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length ${a.length} !== ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    const missing = kb.filter((k) => !(k in a));
    const extra = ka.filter((k) => !(k in b));
    if (missing.length || extra.length) return `${path}: keys differ (missing ${show(missing)}, unexpected ${show(extra)})`;
    for (const k of ka) {
      const d = difference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return `${path}: ${show(a)} !== ${show(b)}`;
}

export const assert = {
  AssertionError,

  fail(message) {
    throw new AssertionError(message);
  },

  ok(value, message) {
    if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
  },

  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) fail(message, `${show(actual)} !== ${show(expected)}`);
  },

  notEqual(actual, expected, message) {
    if (Object.is(actual, expected)) fail(message, `expected something other than ${show(expected)}`);
  },

  deepEqual(actual, expected, message) {
    const d = difference(actual, expected);
    if (d) fail(message, `${d}\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`);
  },

  match(text, regex, message) {
    if (typeof text !== "string" || !regex.test(text)) fail(message, `${show(text)} does not match ${regex}`);
  },

  /** `text` does not contain `needle` (used to prove a secret never leaks). */
  excludes(text, needle, message) {
    if (typeof text === "string" && text.includes(needle)) fail(message, `${show(text)} contains the forbidden text`);
  },

  /**
   * Awaits `fn()` (or a promise) and requires a rejection that is an
   * instance of `Class` and, when given, satisfies `predicate` (which may
   * itself assert). Returns the error for further checks.
   */
  async rejects(fn, Class, predicate, message) {
    let error;
    let rejected = false;
    try {
      await (typeof fn === "function" ? fn() : fn);
    } catch (e) {
      rejected = true;
      error = e;
    }
    if (!rejected) fail(message, `expected a rejection with ${Class?.name ?? "an error"}, but it resolved`);
    if (error instanceof AssertionError) throw error;
    if (Class && !(error instanceof Class)) {
      fail(message, `expected ${Class.name}, got ${error?.constructor?.name ?? typeof error} (${show(error)})${error?.stack ? `\n${error.stack}` : ""}`);
    }
    if (predicate) {
      let verdict;
      try {
        verdict = predicate(error);
      } catch (e) {
        if (e instanceof AssertionError) fail(message, `${Class?.name ?? "error"} ${show(error)}: ${e.message}`);
        throw e;
      }
      if (verdict === false) fail(message, `the ${Class?.name ?? "error"} did not satisfy the predicate: ${show(error)}`);
    }
    return error;
  },
};
