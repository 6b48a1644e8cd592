// The error classes of the package. Defined once, here: wasm-bindgen copies
// this file into the package and the Rust side builds every error through
// `makeError`, so `instanceof` holds for errors from any method.

export class MistralError extends Error {}
MistralError.prototype.name = "MistralError";

/** A non-2xx answer; the body is kept as received. */
export class ApiError extends MistralError {}
ApiError.prototype.name = "ApiError";

/** 429. `retryAfterMs` comes from `Retry-After` when the server sent it. */
export class RateLimitError extends ApiError {}
RateLimitError.prototype.name = "RateLimitError";

/** Bad input refused before sending (`field`, `expected`), or a server 422 (`errors`). */
export class ValidationError extends MistralError {}
ValidationError.prototype.name = "ValidationError";

export class TimeoutError extends MistralError {}
TimeoutError.prototype.name = "TimeoutError";

export class AbortError extends MistralError {}
AbortError.prototype.name = "AbortError";

export class ConnectionError extends MistralError {}
ConnectionError.prototype.name = "ConnectionError";

/** A stream broke after it started: bad event, cut connection, in-band error. */
export class StreamError extends MistralError {}
StreamError.prototype.name = "StreamError";

/** A JSON-RPC error from an MCP server (`code`, `data`). */
export class McpError extends MistralError {}
McpError.prototype.name = "McpError";

/**
 * MCP authorization failed or waits (`reason`: the cause in snake_case, e.g. `state_mismatch`, `iss_mismatch`,
 * `refresh_rejected`, `authorization_pending`), with the cause's fields (`field`, `expected`, `got`, `status`, ...).
 * Never holds a token, secret, code or verifier.
 */
export class AuthError extends McpError {}
AuthError.prototype.name = "AuthError";

/** A run stopped early (`reason`: max_turns, tool_failed, output, protocol); `partial` holds what it gathered. */
export class RunError extends MistralError {}
RunError.prototype.name = "RunError";

const CLASSES = {
  api: ApiError,
  rate_limit: RateLimitError,
  validation: ValidationError,
  timeout: TimeoutError,
  abort: AbortError,
  connection: ConnectionError,
  stream: StreamError,
  mcp: McpError,
  auth: AuthError,
  run: RunError,
  other: MistralError,
};

/**
 * Builds the error of `kind` with `details` as own properties. Properties
 * whose value is `undefined` are left out so that `"status" in e` tells
 * whether the server answered.
 */
export function makeError(kind, message, details, cause) {
  const Class = CLASSES[kind] ?? MistralError;
  const error = cause === undefined ? new Class(message) : new Class(message, { cause });
  if (details) {
    for (const [key, value] of Object.entries(details)) {
      if (value !== undefined) error[key] = value;
    }
  }
  return error;
}
