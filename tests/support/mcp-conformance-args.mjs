// What the conformance client programs (ours, tests/support/mcp-conformance-client.mjs, and the SDK-based reference,
// tests/support/mcp-reference-client.mjs) send without knowing the scenario: MCP_CONFORMANCE_CONTEXT read, tool
// arguments made from a tool's input schema, and elicitation answers from the requested schema's defaults. Shared so
// both programs do exactly the same and their scores compare.

/** MCP_CONFORMANCE_CONTEXT as an object; not JSON is reported through `log` and ignored. */
export function parseContext(text, log) {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    log('MCP_CONFORMANCE_CONTEXT is not JSON; ignored');
    return {};
  }
}

/** Arguments for `tool`; a `schema` object property receives another listed tool's input schema unchanged. */
export function toolArguments(tool, tools) {
  const args = sampleObject(tool.inputSchema);
  if (tool.inputSchema?.properties?.schema?.type === 'object') {
    const other = tools.find((candidate) => candidate !== tool);
    if (other) args.schema = other.inputSchema;
  }
  return args;
}

/** A value the schema accepts, preferring the schema's own default, const or first enum member. */
function sampleValue(schema = {}) {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleObject(schema);
    case 'null':
      return null;
    default:
      return 'test';
  }
}

function sampleObject(schema = {}) {
  const out = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) out[name] = sampleValue(property);
  return out;
}

/** SEP-1034: the client fills omitted fields with the defaults the requested schema declares. */
export function elicitationContent(requestedSchema = {}) {
  const out = {};
  for (const [name, property] of Object.entries(requestedSchema.properties ?? {})) {
    if (property.default !== undefined) out[name] = property.default;
    else if ((requestedSchema.required ?? []).includes(name)) out[name] = sampleValue(property);
  }
  return out;
}
