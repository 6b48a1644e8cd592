// The official OpenAPI document as the judge of what the mock accepts and
// sends: request bodies and parameters are checked against the operation's
// schemas and failures come back as FastAPI/pydantic-style `detail` items
// (what Mistral answers with a 422); responses can be checked strictly.
//
// Schemas are compiled lazily, one JSON pointer at a time: the document has
// a broken `$ref` under `/v1/audio/speech`, so nothing here resolves the
// whole document, only what the served operations reference.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve as resolvePath } from "node:path";
import YAML from "yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** Base URI the document is registered under in Ajv. */
const BASE = "spec";

/**
 * `MISTRAL_SPEC`, or the spec under `MISTRAL_EDGE_SHARED` (set by the
 * Makefile), or `../shared/spec/mistral-openapi.yaml` next to the repo root
 * (the repo is cloned elsewhere in CI, so never an absolute path).
 */
export function defaultSpecPath() {
  if (process.env.MISTRAL_SPEC) return resolvePath(process.env.MISTRAL_SPEC);
  if (process.env.MISTRAL_EDGE_SHARED) return resolvePath(process.env.MISTRAL_EDGE_SHARED, "spec/mistral-openapi.yaml");
  const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
  return resolvePath(repoRoot, "../shared/spec/mistral-openapi.yaml");
}

const docs = new Map();

/** The parsed document (parsed once per process and path: it is ~1 MB). */
export function loadSpec(path = defaultSpecPath()) {
  let doc = docs.get(path);
  if (!doc) {
    doc = YAML.parse(readFileSync(path, "utf8"), { maxAliasCount: -1 });
    docs.set(path, doc);
  }
  return doc;
}

const validators = new Map();

/** A shared validator per spec path and mode (compiled schemas are cached inside). */
export function specValidator({ spec = defaultSpecPath(), strictOutput = false } = {}) {
  const key = `${spec}\0${strictOutput}`;
  let v = validators.get(key);
  if (!v) {
    v = new SpecValidator(loadSpec(spec), { strictOutput });
    validators.set(key, v);
  }
  return v;
}

// ---------------------------------------------------------------------------
// JSON pointers

function escapeSegment(s) {
  return String(s).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** A pointer (array of segments) as a URI fragment Ajv can resolve. */
function pointerRef(segments) {
  return `${BASE}#` + segments.map((s) => "/" + encodeURIComponent(escapeSegment(s))).join("");
}

function refToSegments(ref) {
  if (typeof ref !== "string" || !ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((s) => decodeURIComponent(s).replaceAll("~1", "/").replaceAll("~0", "~"));
}

function at(doc, segments) {
  let node = doc;
  for (const s of segments) {
    if (node === null || typeof node !== "object" || !(s in node)) return undefined;
    node = node[s];
  }
  return node;
}

// ---------------------------------------------------------------------------
// Strict output: a copy of the document where objects admit no member the
// spec does not declare, so the mock cannot drift into inventing fields.

/** Known defects of the spec, corrected in the strict copy only. */
const ERRATA = [
  {
    // `ChatCompletionResponse` lists `data` as required but never defines it,
    // and the API never sends it (see src/models/chat.rs).
    pointer: ["components", "schemas", "ChatCompletionResponse", "allOf", 1, "required"],
    fix: (required) => required.filter((r) => r !== "data"),
  },
];

const CHILD_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
const CHILD_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const CHILD_ONE = ["items", "additionalProperties", "unevaluatedProperties", "not", "if", "then", "else", "contains", "propertyNames"];

function strictCopy(doc) {
  const copy = structuredClone(doc);
  for (const { pointer, fix } of ERRATA) {
    const parent = at(copy, pointer.slice(0, -1));
    const last = pointer[pointer.length - 1];
    if (parent && parent[last] !== undefined) parent[last] = fix(parent[last]);
  }
  // Components that are bases of an `allOf`: closing them would reject the
  // members their extensions add, so the extension closes the whole instead.
  const bases = new Set();
  const findBases = (node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node.allOf)) {
      for (const m of node.allOf) if (m && typeof m.$ref === "string") bases.add(m.$ref);
    }
    for (const v of Object.values(node)) findBases(v);
  };
  findBases(copy.components?.schemas);
  findBases(copy.paths);

  const close = (node, isAllOfMember) => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return;
    const open = node.additionalProperties !== undefined || node.unevaluatedProperties !== undefined;
    // A base is closed where it is used on its own, not where it is defined.
    const usesBase = typeof node.$ref === "string" && bases.has(node.$ref);
    if (!isAllOfMember && !open && (node.properties || node.allOf || usesBase)) node.unevaluatedProperties = false;
    for (const k of CHILD_MAPS) if (node[k] && typeof node[k] === "object") for (const c of Object.values(node[k])) close(c, false);
    for (const k of CHILD_LISTS) if (Array.isArray(node[k])) for (const c of node[k]) close(c, k === "allOf");
    for (const k of CHILD_ONE) if (node[k] && typeof node[k] === "object") close(node[k], false);
  };
  for (const [name, schema] of Object.entries(copy.components?.schemas ?? {})) {
    close(schema, bases.has(`#/components/schemas/${name}`));
  }
  for (const item of Object.values(copy.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      for (const response of Object.values(op?.responses ?? {})) {
        for (const media of Object.values(response?.content ?? {})) close(media?.schema, false);
      }
    }
  }
  return copy;
}

// ---------------------------------------------------------------------------
// Mapping failures to pydantic-style detail items

const TYPE_NAMES = {
  string: ["string_type", "Input should be a valid string"],
  integer: ["int_type", "Input should be a valid integer"],
  number: ["float_type", "Input should be a valid number"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  array: ["list_type", "Input should be a valid list"],
  object: ["dict_type", "Input should be a valid dictionary"],
  null: ["none_required", "Input should be None"],
};

const PARSING_NAMES = {
  integer: ["int_parsing", "Input should be a valid integer, unable to parse string as an integer"],
  number: ["float_parsing", "Input should be a valid number, unable to parse string as a number"],
  boolean: ["bool_parsing", "Input should be a valid boolean, unable to interpret input"],
};

function quote(v) {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v);
}

function listOr(values) {
  const q = values.map(quote);
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

function detailFor(err, loc, value, { fromString = false } = {}) {
  const p = err.params ?? {};
  switch (err.keyword) {
    case "required":
      return { type: "missing", loc: [...loc, p.missingProperty], msg: "Field required", input: value };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = p.additionalProperty ?? p.unevaluatedProperty;
      return { type: "extra_forbidden", loc: [...loc, name], msg: "Extra inputs are not permitted", input: value?.[name] };
    }
    case "type": {
      const t = String(p.type).split(",").find((x) => x !== "null") ?? "null";
      const [type, msg] = (fromString && typeof value === "string" && PARSING_NAMES[t]) || TYPE_NAMES[t] || ["type_error", err.message];
      return { type, loc, msg, input: value };
    }
    case "const":
      return { type: "literal_error", loc, msg: `Input should be ${quote(p.allowedValue)}`, input: value, ctx: { expected: quote(p.allowedValue) } };
    case "enum":
      return { type: "enum", loc, msg: `Input should be ${listOr(p.allowedValues ?? [])}`, input: value, ctx: { expected: listOr(p.allowedValues ?? []) } };
    case "minimum":
      return { type: "greater_than_equal", loc, msg: `Input should be greater than or equal to ${p.limit}`, input: value, ctx: { ge: p.limit } };
    case "exclusiveMinimum":
      return { type: "greater_than", loc, msg: `Input should be greater than ${p.limit}`, input: value, ctx: { gt: p.limit } };
    case "maximum":
      return { type: "less_than_equal", loc, msg: `Input should be less than or equal to ${p.limit}`, input: value, ctx: { le: p.limit } };
    case "exclusiveMaximum":
      return { type: "less_than", loc, msg: `Input should be less than ${p.limit}`, input: value, ctx: { lt: p.limit } };
    case "minLength":
      return { type: "string_too_short", loc, msg: `String should have at least ${p.limit} character${p.limit === 1 ? "" : "s"}`, input: value, ctx: { min_length: p.limit } };
    case "maxLength":
      return { type: "string_too_long", loc, msg: `String should have at most ${p.limit} characters`, input: value, ctx: { max_length: p.limit } };
    case "minItems":
      return { type: "too_short", loc, msg: `List should have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`, input: value, ctx: { min_length: p.limit } };
    case "maxItems":
      return { type: "too_long", loc, msg: `List should have at most ${p.limit} items`, input: value, ctx: { max_length: p.limit } };
    case "pattern":
      return { type: "string_pattern_mismatch", loc, msg: `String should match pattern '${p.pattern}'`, input: value, ctx: { pattern: p.pattern } };
    case "format":
      return { type: p.format === "uuid" ? "uuid_parsing" : "value_error", loc, msg: `Input should be a valid ${p.format}`, input: value };
    default:
      return { type: "value_error", loc, msg: err.message ?? `failed ${err.keyword}`, input: value };
  }
}

function dedupe(details) {
  const seen = new Set();
  return details.filter((d) => {
    const k = JSON.stringify([d.loc, d.type, d.msg]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function jsonType(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Keywords that constrain the value itself (not its members or branches). */
const OWN_KEYWORDS = [
  "type", "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum",
  "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
  "minProperties", "maxProperties", "required",
];

// ---------------------------------------------------------------------------

/** One compiled view of the spec. */
export class SpecValidator {
  constructor(doc, { strictOutput = false } = {}) {
    this.doc = strictOutput ? strictCopy(doc) : doc;
    this.strictOutput = strictOutput;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, BASE);
    this.compiled = new Map();
    this.shallow = new Map();
    this.ops = new Map();
    for (const [key, item] of Object.entries(this.doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {})) {
        if (!op || typeof op !== "object" || typeof op.operationId !== "string") continue;
        this.ops.set(op.operationId, {
          id: op.operationId,
          method: method.toUpperCase(),
          path: key.split("#")[0],
          pointer: ["paths", key, method],
          op,
        });
      }
    }
  }

  /** `{ id, method, path, pointer, op }` for an `operationId` (throws if unknown). */
  operation(operationId) {
    const op = this.ops.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in the spec`);
    return op;
  }

  /** The compiled validator for the schema at a pointer (array of segments). */
  validatorAt(segments) {
    const ref = pointerRef(segments);
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, v);
    }
    return v;
  }

  /** The schema node at a pointer with `$ref`s followed: `[segments, node]`. */
  deref(segments) {
    let node = at(this.doc, segments);
    for (let hops = 0; node && typeof node.$ref === "string" && hops < 32; hops++) {
      segments = refToSegments(node.$ref);
      node = at(this.doc, segments);
    }
    if (node === undefined) throw new Error(`nothing at ${pointerRef(segments)}`);
    return [segments, node];
  }

  /** Ajv errors for `value` against `components/schemas/<name>` (empty when valid). */
  validateSchema(name, value) {
    const segments = ["components", "schemas", name];
    let v = this.validatorAt(segments);
    if (this.strictOutput) {
      // Bases of an `allOf` stay open in the strict copy; close them here.
      const ref = pointerRef(segments) + "#closed";
      v = this.compiled.get(ref);
      if (!v) {
        v = this.ajv.compile({ $ref: pointerRef(segments), unevaluatedProperties: false });
        this.compiled.set(ref, v);
      }
    }
    return v(value) ? [] : v.errors.map((e) => ({ ...e }));
  }

  /**
   * Checks a request body against the operation's requestBody schema.
   * Returns pydantic-style detail items (empty when valid).
   */
  validateBody(operationId, body) {
    const { pointer, op } = this.operation(operationId);
    const content = op.requestBody?.content?.["application/json"];
    if (!content?.schema) return [];
    if (body === undefined) {
      return op.requestBody.required ? [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] : [];
    }
    const schemaPtr = [...pointer, "requestBody", "content", "application/json", "schema"];
    if (this.validatorAt(schemaPtr)(body)) return [];
    return dedupe(this.explain(schemaPtr, body, ["body"], {}));
  }

  /**
   * Checks path and query parameters: `path` is an object of decoded
   * strings, `query` a URLSearchParams. Values are coerced the way FastAPI
   * does (integers, booleans, JSON `content` parameters) before checking.
   * Returns `{ values, detail }` with the coerced values by name.
   */
  validateParams(operationId, { path = {}, query = new URLSearchParams() } = {}) {
    const { pointer, op } = this.operation(operationId);
    const values = {};
    const detail = [];
    (op.parameters ?? []).forEach((param, i) => {
      let paramPtr = [...pointer, "parameters", i];
      if (param.$ref) [paramPtr, param] = this.deref(paramPtr);
      if (param.in !== "path" && param.in !== "query") return;
      const loc = [param.in, param.name];
      const raw = param.in === "path" ? path[param.name] : query.getAll(param.name);
      const present = param.in === "path" ? raw !== undefined : raw.length > 0;
      if (!present) {
        if (param.required) detail.push({ type: "missing", loc, msg: "Field required", input: null });
        return;
      }
      if (param.content) {
        const [media, spec] = Object.entries(param.content)[0] ?? [];
        let parsed;
        try {
          parsed = JSON.parse(raw[raw.length - 1]);
        } catch {
          detail.push({ type: "json_invalid", loc, msg: "Invalid JSON", input: raw[raw.length - 1] });
          return;
        }
        values[param.name] = parsed;
        if (media && spec?.schema) {
          const ptr = [...paramPtr, "content", media, "schema"];
          if (!this.validatorAt(ptr)(parsed)) detail.push(...this.explain(ptr, parsed, loc, {}));
        }
        return;
      }
      if (!param.schema) return;
      const schemaPtr = [...paramPtr, "schema"];
      const types = this.allowedTypes(schemaPtr);
      if (types.has("object")) return; // deep-object filters: accepted as sent
      let value;
      if (param.in === "path") value = coerce(raw, types);
      else if (types.has("array")) value = raw.map((r) => coerce(r, this.itemTypes(schemaPtr)));
      else value = coerce(raw[raw.length - 1], types);
      values[param.name] = value;
      if (!this.validatorAt(schemaPtr)(value)) detail.push(...this.explain(schemaPtr, value, loc, { fromString: true }));
    });
    return { values, detail: dedupe(detail) };
  }

  /**
   * Checks a response body (already parsed when JSON) against the schema the
   * operation declares for `status` and `contentType`. Returns Ajv errors.
   * For `text/event-stream`, pass one event object at a time.
   */
  validateResponse(operationId, status, contentType, body) {
    const { pointer, op } = this.operation(operationId);
    const responses = op.responses ?? {};
    const statusKey = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : "default";
    const response = responses[statusKey];
    if (!response) return [{ message: `status ${status} is not declared for ${operationId}` }];
    const media = contentType?.split(";")[0].trim();
    if (!response.content) {
      return body === undefined || body === "" ? [] : [{ message: `${operationId} ${status} declares no body` }];
    }
    if (!response.content[media]?.schema) return [{ message: `${operationId} ${status} declares no ${media} body` }];
    const v = this.validatorAt([...pointer, "responses", statusKey, "content", media, "schema"]);
    return v(body) ? [] : v.errors.map((e) => ({ ...e }));
  }

  // -- internals -------------------------------------------------------------

  /** JSON types a schema admits (following `$ref`, `anyOf`, `oneOf`). */
  allowedTypes(segments, depth = 0) {
    const out = new Set();
    if (depth > 16) return out;
    const [ptr, node] = this.deref(segments);
    const t = node.type ?? (node.properties ? "object" : node.items ? "array" : undefined);
    if (t) for (const x of [t].flat()) out.add(x);
    if (node.const !== undefined) out.add(jsonType(node.const));
    for (const k of ["anyOf", "oneOf"]) {
      (node[k] ?? []).forEach((_, i) => {
        for (const x of this.allowedTypes([...ptr, k, i], depth + 1)) out.add(x);
      });
    }
    return out;
  }

  itemTypes(segments) {
    const [ptr, node] = this.deref(segments);
    if (node.items) return this.allowedTypes([...ptr, "items"]);
    for (const k of ["anyOf", "oneOf"]) {
      const i = (node[k] ?? []).findIndex((b) => b.type === "array" && b.items);
      if (i >= 0) return this.allowedTypes([...ptr, k, i, "items"]);
    }
    return new Set(["string"]);
  }

  /** Errors of the keywords that apply to the value itself at this node. */
  ownErrors(ptr, node, value, loc, opts) {
    const key = pointerRef(ptr);
    let v = this.shallow.get(key);
    if (v === undefined) {
      const shallow = {};
      for (const k of OWN_KEYWORDS) if (node[k] !== undefined) shallow[k] = node[k];
      if (node.additionalProperties === false) {
        shallow.properties = Object.fromEntries(Object.keys(node.properties ?? {}).map((k) => [k, true]));
        if (node.patternProperties) shallow.patternProperties = Object.fromEntries(Object.keys(node.patternProperties).map((k) => [k, true]));
        shallow.additionalProperties = false;
      }
      v = Object.keys(shallow).length ? this.ajv.compile(shallow) : null;
      this.shallow.set(key, v);
    }
    if (!v || v(value)) return [];
    return v.errors.map((e) => detailFor(e, loc, value, opts));
  }

  /**
   * Why `value` fails the schema at `segments`, as detail items located in
   * the instance. Unions are explained through the one branch the value was
   * meant for (by its `type`/`role` tag, its JSON type, or the branch that
   * knows most of its members), the way pydantic reports tagged unions.
   */
  explain(segments, value, loc, opts, depth = 0) {
    const [ptr, node] = this.deref(segments);
    if (depth > 64 || this.validatorAt(ptr)(value)) return [];
    const out = [];
    const union = node.anyOf ? "anyOf" : node.oneOf ? "oneOf" : null;
    if (union) out.push(...this.explainUnion(ptr, node, union, value, loc, opts, depth));
    (node.allOf ?? []).forEach((_, i) => out.push(...this.explain([...ptr, "allOf", i], value, loc, opts, depth + 1)));
    out.push(...this.ownErrors(ptr, node, value, loc, opts));
    if (isPlainObject(value) && jsonType(value) === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (node.properties?.[k] !== undefined) out.push(...this.explain([...ptr, "properties", k], v, [...loc, k], {}, depth + 1));
        else if (isPlainObject(node.additionalProperties)) out.push(...this.explain([...ptr, "additionalProperties"], v, [...loc, k], {}, depth + 1));
      }
    }
    if (Array.isArray(value) && isPlainObject(node.items)) {
      value.forEach((v, i) => out.push(...this.explain([...ptr, "items"], v, [...loc, i], {}, depth + 1)));
    }
    if (out.length === 0) {
      // A keyword not handled above: report Ajv's own findings.
      const v = this.validatorAt(ptr);
      v(value);
      const raw = (v.errors ?? []).filter((e) => !["anyOf", "oneOf", "allOf"].includes(e.keyword));
      for (const e of raw.length ? raw : v.errors ?? []) {
        const sub = e.instancePath ? e.instancePath.split("/").slice(1).map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~")) : [];
        out.push(detailFor(e, [...loc, ...sub.map((s) => (/^\d+$/.test(s) ? Number(s) : s))], value));
      }
    }
    return out;
  }

  explainUnion(ptr, node, keyword, value, loc, opts, depth) {
    const branches = node[keyword].map((_, i) => {
      const [bptr, bnode] = this.deref([...ptr, keyword, i]);
      return { ptr: bptr, node: bnode, types: this.allowedTypes(bptr) };
    });
    const candidates = branches.filter((b) => !(b.types.size === 1 && b.types.has("null")));
    // 1. A tag (`discriminator.propertyName`, else `type`/`role` when every
    //    branch fixes it) picks the branch.
    if (isPlainObject(value)) {
      const tagNames = [node.discriminator?.propertyName, "type", "role"].filter(Boolean);
      for (const tag of tagNames) {
        const tagsOf = (b) => {
          const p = b.node.properties?.[tag];
          if (!p) return null;
          const [, pn] = this.deref([...b.ptr, "properties", tag]);
          if (pn.const !== undefined) return [pn.const];
          return Array.isArray(pn.enum) ? pn.enum : null;
        };
        const objectBranches = candidates.filter((b) => b.types.has("object"));
        if (!objectBranches.length || !objectBranches.every(tagsOf)) continue;
        if (typeof value[tag] !== "string") break;
        const match = objectBranches.filter((b) => tagsOf(b).includes(value[tag]));
        if (match.length === 1) return this.explain(match[0].ptr, value, loc, opts, depth + 1);
        if (match.length === 0) {
          const expected = objectBranches.flatMap(tagsOf);
          return [{
            type: "union_tag_invalid",
            loc: [...loc, tag],
            msg: `Input tag '${value[tag]}' found using '${tag}' does not match any of the expected tags: ${listOr(expected)}`,
            input: value[tag],
            ctx: { discriminator: `'${tag}'`, tag: value[tag], expected_tags: listOr(expected) },
          }];
        }
        break;
      }
    }
    // 2. The JSON type picks the branch.
    const t = jsonType(value);
    const typed = candidates.filter((b) => b.types.size === 0 || b.types.has(t) || (t === "integer" && b.types.has("number")));
    if (typed.length === 0) {
      const expected = [...new Set(candidates.flatMap((b) => [...b.types]))];
      return expected.map((x) => {
        const [type, msg] = (opts.fromString && typeof value === "string" && PARSING_NAMES[x]) || TYPE_NAMES[x] || ["type_error", `Input should be ${x}`];
        return { type, loc, msg, input: value };
      });
    }
    if (typed.length === 1) return this.explain(typed[0].ptr, value, loc, opts, depth + 1);
    // 3. The branch that knows most of the value's members, then the one with
    //    fewest complaints.
    let best = null;
    for (const b of typed) {
      const known = isPlainObject(value) ? Object.keys(value).filter((k) => b.node.properties?.[k] !== undefined).length : 0;
      const errors = this.explain(b.ptr, value, loc, opts, depth + 1);
      if (errors.length === 0) {
        if (keyword === "anyOf") return [];
        // Valid for several branches of a `oneOf`: ambiguous without its tag.
        const tag = node.discriminator?.propertyName;
        return [tag
          ? { type: "union_tag_not_found", loc, msg: `Unable to extract tag using discriminator '${tag}'`, input: value, ctx: { discriminator: `'${tag}'` } }
          : { type: "value_error", loc, msg: "Input matches more than one alternative", input: value }];
      }
      if (!best || known > best.known || (known === best.known && errors.length < best.errors.length)) best = { known, errors };
    }
    return best.errors;
  }
}

function coerce(raw, types) {
  if (typeof raw !== "string") return raw;
  if (types.has("integer") && /^[+-]?\d+$/.test(raw.trim())) return Number(raw);
  if (types.has("number") && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has("boolean")) {
    const l = raw.toLowerCase();
    if (["true", "1", "yes", "on", "t", "y"].includes(l)) return true;
    if (["false", "0", "no", "off", "f", "n"].includes(l)) return false;
  }
  return raw;
}
