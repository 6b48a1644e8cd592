// A mock of the Mistral API for tests and the demo: the Agents,
// Conversations, Connectors, chat completions and models operations with
// in-memory state and a deterministic scripted model. Every request is
// checked against ../shared/spec/mistral-openapi.yaml (422 when it breaks
// the spec), faults are injected on demand (`x-mock-fault`, see
// mock/faults.mjs), and `/_mock/stats` tells tests what the server saw,
// including how many streams are still open (to prove an abort released
// its connection). It logs nothing unless given a `log` function, and never
// logs headers (so never an API key).
//
//   const mock = await startMockMistral();        // http://127.0.0.1:<port>
//   ... fetch(`${mock.url}/v1/models`, { headers: { authorization: "Bearer k" } })
//   await mock.close();
//
// Contract for clients:
// * `/v1/*` needs `Authorization: Bearer <any non-empty key>`; `bad-key` is refused (401), and so is
//   every key but those of the `keys` option when it is given.
// * Unknown path: 404 JSON; known path, other method: 405 JSON with `allow`.
// * Every response has `x-request-id` and CORS headers; OPTIONS answers preflights.
// * `GET /_mock/stats` -> `{ openStreams, requests: [{ method, path, faultKey, status }], countsByKey,
//   scripts: { key: turns still queued }, functionResults: { violations: [{ conversation_id,
//   tool_call_id, problem }] } }` (`status` is null for a request never answered);
//   `POST /_mock/reset` forgets all state (scripts and violations included).
// * `POST /_mock/script` `{ key, turns: [Turn, ...] }` queues what the model answers, turn by
//   turn, in conversations started with the header `x-mock-script: <key>` (they remember the
//   key for their appends and restarts); 200 `{ ok: true, key, queued }` or 400 naming the bad
//   field. Turns script function calls (parallel, any `arguments` text, even invalid JSON),
//   messages, built-in tool runs, client-side handoffs and calls pending confirmation; the
//   full contract is in mock/scripted-model.mjs. An append's `tool_confirmations` allow or deny
//   pending calls (same file).
// * Protocol checks, recorded (never refused) in `functionResults.violations`, on each append:
//   a `function.result` must answer a `function.call` of that conversation that has no result
//   yet (else `unknown`, or `duplicate`); an append that carries inputs or confirmations while
//   an earlier call still has no result (or a pending call no confirmation) records `missing`
//   for each such call. See mock/function-checks.mjs.
// * None of the `/_mock/*` routes needs a key or appears in `requests`.
// * The scripted model is described in mock/scripted-model.mjs, the faults in mock/faults.mjs.
// * Options for the demo (all off by default): `paceMs` waits between the events of a stream (so a
//   person sees the tokens arrive), `persona: "demo"` answers unscripted turns with the rules of
//   mock/demo-persona.mjs, `keys` is the list of API keys accepted.
import { createServer } from "node:http";
import { defaultSpecPath, specValidator } from "./spec-validator.mjs";
import { requestId } from "./mock/ids.mjs";
import { MockHttpError, validationError } from "./mock/errors.mjs";
import { FaultCounter, IN_BODY, parseFault } from "./mock/faults.mjs";
import { Exchange } from "./mock/exchange.mjs";
import { HANDLERS, Router } from "./mock/routes.mjs";
import { conversationFrame, dataFrame, sendEmpty, sendError, sendJson, sendStream } from "./mock/send.mjs";
import { initialModels } from "./mock/model-cards.mjs";
import { parseScript, ScriptQueues } from "./mock/script.mjs";
import { demoPersona } from "./mock/demo-persona.mjs";

/** Answerers of unscripted turns, by the `persona` option's value. */
const PERSONAS = { demo: demoPersona };

const EXPOSED = "retry-after, retry-after-ms, x-request-id, mistral-correlation-id, www-authenticate, content-type";
const MAX_BODY = 10 * 1024 * 1024;
const MAX_RECORDS = 1000;

function freshState(persona) {
  return {
    persona,
    models: initialModels(),
    agents: new Map(),
    conversations: new Map(),
    connectors: new Map(),
    scripts: new ScriptQueues(),
    functionResults: { violations: [] },
  };
}

/** The request body as text, or null when the client went away first. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new MockHttpError(413, "Request body too large", { type: "payload_too_large" }));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
    req.on("close", () => resolve(req.complete ? Buffer.concat(chunks).toString("utf8") : null));
  });
}

/** JSON text to a value, or a 422 like FastAPI's `json_invalid`. */
function parseJson(text) {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    const position = Number(/position (\d+)/.exec(String(e.message))?.[1] ?? 0);
    throw validationError([{ type: "json_invalid", loc: ["body", position], msg: "JSON decode error", input: {}, ctx: { error: String(e.message) } }]);
  }
}

function bearerKey(header) {
  const m = /^Bearer[ \t]+(\S.*)$/i.exec(String(header ?? "").trim());
  return m ? m[1].trim() : "";
}

const HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>mock-gateway</center></body></html>\n";

/**
 * Starts the mock. `spec` defaults to `MISTRAL_SPEC` or the spec next to
 * the repository (`../shared/spec/mistral-openapi.yaml`).
 * @returns {Promise<{ url: string, port: number, host: string, close(): Promise<void>, stats(): object, reset(): void }>}
 */
export async function startMockMistral({ port = 0, host = "127.0.0.1", spec = defaultSpecPath(), log = null, paceMs = 0, persona = null, keys = null } = {}) {
  if (persona !== null && !PERSONAS[persona]) throw new Error(`startMockMistral: unknown persona ${JSON.stringify(persona)}; known: ${Object.keys(PERSONAS).join(", ")}`);
  const validator = specValidator({ spec });
  const router = new Router(validator);
  const answerer = persona ? PERSONAS[persona] : null;
  let state = freshState(answerer);
  const counter = new FaultCounter();
  let requests = [];
  let openStreams = 0;
  const hooks = { streamOpened: () => openStreams++, streamClosed: () => openStreams-- };

  const stats = () => ({
    openStreams,
    requests: requests.map((r) => ({ ...r })),
    countsByKey: counter.toJSON(),
    scripts: state.scripts.toJSON(),
    functionResults: { violations: state.functionResults.violations.slice(-MAX_RECORDS).map((v) => ({ ...v })) },
  });
  const reset = () => {
    state = freshState(answerer);
    counter.clear();
    requests = [];
  };

  async function serveApi(req, res, url) {
    const record = { method: req.method, path: url.pathname, faultKey: null, status: null };
    requests.push(record);
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
    const ex = new Exchange(req, res, hooks, record);
    if (log) res.once("close", () => log(`${req.method} ${url.pathname} -> ${record.status ?? "reset"}${record.faultKey ? ` (fault ${record.faultKey})` : ""}`));
    try {
      await answer(req, res, url, ex, record);
    } catch (e) {
      if (!(e instanceof MockHttpError) && log) log(`mock error: ${e?.stack ?? e}`);
      if (!res.headersSent && !ex.closed) sendError(ex, e);
      else res.destroy();
    }
  }

  async function answer(req, res, url, ex, record) {
    let fault;
    try {
      fault = parseFault(req.headers["x-mock-fault"]);
    } catch (e) {
      return sendError(ex, new MockHttpError(400, e.message, { type: "mock_fault_error" }));
    }
    if (fault) {
      record.faultKey = fault.key;
      if (!counter.hit(fault)) fault = null;
    }

    const text = await readBody(req);
    if (text === null || ex.closed) return;

    switch (fault?.kind) {
      case "slow_headers":
        if (!(await ex.sleep(fault.delayMs))) return;
        break;
      case "rate_limit":
        return sendError(ex, new MockHttpError(429, "Requests rate limit exceeded", { type: "rate_limited", code: "1300", headers: { "retry-after": fault.retryAfter } }));
      case "server_error":
        return sendError(ex, new MockHttpError(fault.status, fault.status === 503 ? "Service unavailable" : "Internal server error", { type: "internal_server_error", code: String(fault.status) }));
      case "html_error":
        ex.writeHead(fault.status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(HTML_PAGE) });
        res.end(HTML_PAGE);
        return;
      default:
        break;
    }
    const bodyFault = fault && IN_BODY.has(fault.kind) ? fault : null;

    if (url.pathname.startsWith("/v1/")) {
      const key = bearerKey(req.headers.authorization);
      if (!key || key === "bad-key" || (keys && !keys.includes(key))) {
        return sendError(ex, new MockHttpError(401, "Unauthorized", { type: "authentication_error", headers: { "www-authenticate": "Bearer" } }));
      }
    }

    const match = router.match(url.pathname);
    if (!match) return sendError(ex, new MockHttpError(404, `No route ${url.pathname}`, { type: "not_found", body: { detail: "Not Found" } }));
    const candidates = match.byMethod.get(req.method);
    if (!candidates) {
      return sendError(ex, new MockHttpError(405, "Method Not Allowed", { type: "method_not_allowed", body: { detail: "Method Not Allowed" }, headers: { allow: [...match.byMethod.keys()].join(", ") } }));
    }

    const body = parseJson(text);
    const { id, params: pathParams } = Router.choose(candidates, body);
    const { values, detail: paramErrors } = validator.validateParams(id, { path: pathParams, query: url.searchParams });
    const detail = [...paramErrors, ...validator.validateBody(id, body)];
    if (detail.length) throw validationError(detail);

    const result = HANDLERS[id]({ state, params: { ...pathParams, ...values }, query: url.searchParams, body: body ?? {}, headers: req.headers });
    if (result.events) return sendStream(ex, result.events.map(conversationFrame), bodyFault, paceMs);
    if (result.chunks) return sendStream(ex, [...result.chunks.map(dataFrame), dataFrame("[DONE]")], bodyFault, paceMs);
    if (result.json === undefined) return sendEmpty(ex, result.status);
    return sendJson(ex, result.status, result.json, bodyFault);
  }

  /** The mock's own routes: `[status, body]`. */
  async function serveMock(req, url) {
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /_mock/stats") {
      req.resume();
      return [200, stats()];
    }
    if (route === "POST /_mock/reset") {
      req.resume();
      reset();
      return [200, { ok: true }];
    }
    if (route === "POST /_mock/script") {
      try {
        const text = await readBody(req);
        if (text === null) return [400, { detail: "request body not received" }];
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          return [400, { detail: "body: not JSON" }];
        }
        const { key, turns } = parseScript(body);
        return [200, { ok: true, key, queued: state.scripts.push(key, turns) }];
      } catch (e) {
        if (e instanceof MockHttpError) return [e.status, { detail: e.message }];
        throw e;
      }
    }
    req.resume();
    return [404, { detail: "Not Found" }];
  }

  async function handle(req, res) {
    res.setHeader("x-request-id", requestId());
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", EXPOSED);
    let url;
    try {
      url = new URL(req.url ?? "/", "http://mock.invalid");
    } catch {
      url = new URL("http://mock.invalid/");
    }

    if (req.method === "OPTIONS") {
      const headers = {
        "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type, x-mock-fault, x-mock-script",
        "access-control-max-age": "600",
        vary: "origin, access-control-request-method, access-control-request-headers",
        "content-length": "0",
      };
      if (req.headers["access-control-request-private-network"]) headers["access-control-allow-private-network"] = "true";
      res.writeHead(204, headers);
      res.end();
      return;
    }

    if (url.pathname.startsWith("/_mock/")) {
      const [status, body] = await serveMock(req, url);
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }

    await serveApi(req, res, url);
  }

  const server = createServer((req, res) => {
    handle(req, res);
  });
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing = null;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host: address.address,
    stats,
    reset,
    /** Stops listening and drops every connection (open streams included). */
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
