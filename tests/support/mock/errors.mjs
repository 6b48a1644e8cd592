// Error answers. Non-validation errors use the API's JSON error shape
// (`object: "error"`); 422s use FastAPI's `HTTPValidationError`, which the
// spec declares for every operation.

/** Thrown by handlers; the server turns it into a response. */
export class MockHttpError extends Error {
  constructor(status, message, { type = "invalid_request_error", code = null, headers = {}, body } = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.headers = headers;
    this.body = body;
  }

  /** The JSON body sent for this error. */
  toJSON() {
    return this.body ?? { object: "error", message: this.message, type: this.type, param: null, code: this.code };
  }
}

/** 422 with `detail` items (`{ loc, msg, type, input? }`). */
export function validationError(detail) {
  return new MockHttpError(422, "Validation error", { body: { detail } });
}

export function notFound(what, id) {
  return new MockHttpError(404, `${what} ${JSON.stringify(String(id))} not found`, { type: "not_found", code: "3000" });
}
