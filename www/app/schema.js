// JSON Schemas typed by the user (the structured-output editor): parsed,
// and checked for the mistakes a person makes, with the place named, before
// anything is sent. The SDK checks the schema again when the run starts.
// Also: example arguments for an MCP tool's input schema.

const TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"];

/** `{ line, column }` of character `index` of `text`. */
function place(text, index) {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}

/** JSON.parse with the error's place as "line L, column C". */
export function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const message = String(e.message);
    const at = /position (\d+)/.exec(message);
    const where = /line (\d+) column (\d+)/.exec(message);
    const spot = where ? { line: Number(where[1]), column: Number(where[2]) } : at ? place(text, Number(at[1])) : null;
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
    return { error: spot ? `JSON: ${reason} at line ${spot.line}, column ${spot.column}` : `JSON: ${reason}` };
  }
}

function check(schema, path, problems) {
  const at = path || "the schema";
  if (typeof schema === "boolean") return;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    problems.push(`${at}: must be an object (a JSON Schema)`);
    return;
  }
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    const bad = types.find((t) => !TYPES.includes(t));
    if (bad !== undefined) problems.push(`${path ? `${path}.` : ""}type: ${JSON.stringify(bad)} is not one of ${TYPES.join(", ")}`);
  }
  if (schema.properties !== undefined) {
    if (!schema.properties || typeof schema.properties !== "object" || Array.isArray(schema.properties)) {
      problems.push(`${path ? `${path}.` : ""}properties: must be an object of schemas`);
    } else {
      for (const [name, sub] of Object.entries(schema.properties)) check(sub, `${path ? `${path}.` : ""}properties.${name}`, problems);
    }
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== "string")) {
      problems.push(`${path ? `${path}.` : ""}required: must be an array of property names`);
    } else if (schema.properties && typeof schema.properties === "object") {
      const missing = schema.required.find((r) => !(r in schema.properties));
      if (missing) problems.push(`${path ? `${path}.` : ""}required: ${JSON.stringify(missing)} is not in properties`);
    }
  }
  if (schema.items !== undefined) check(schema.items, `${path ? `${path}.` : ""}items`, problems);
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || !schema.enum.length)) problems.push(`${path ? `${path}.` : ""}enum: must be a non-empty array`);
}

/** `{ schema }` for a usable schema, or `{ error }` naming the first problem. */
export function readSchema(text) {
  if (!text.trim()) return { error: "the schema is empty" };
  const { value, error } = parseJson(text);
  if (error) return { error };
  const problems = [];
  check(value, "", problems);
  if (value && typeof value === "object" && !Array.isArray(value) && value.type !== undefined && value.type !== "object") {
    problems.unshift(`type: the answer of a structured run is an object, so the top type must be "object"`);
  }
  return problems.length ? { error: `schema: ${problems[0]}` } : { schema: value };
}

/** Example arguments for an input schema: defaults, first enum values, else simple placeholders. */
export function exampleOf(schema, name = "") {
  if (!schema || typeof schema !== "object") return {};
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch ([schema.type].flat()[0]) {
    case "object": {
      const props = schema.properties ?? {};
      const wanted = Array.isArray(schema.required) && schema.required.length ? schema.required : Object.keys(props);
      return Object.fromEntries(wanted.filter((k) => k in props).map((k) => [k, exampleOf(props[k], k)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return name === "b" ? 3 : 2;
    case "boolean":
      return false;
    default:
      return name ? `hello from the demo` : "";
  }
}

export const DEFAULT_SCHEMA = {
  type: "object",
  properties: {
    city: { type: "string" },
    temperature_c: { type: "number" },
    summary: { type: "string" },
  },
  required: ["city", "temperature_c", "summary"],
};
