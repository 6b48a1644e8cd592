// Every tool server-everything offers, called with valid arguments and its
// result checked member by member, once over Streamable HTTP and once over
// the 2024-11-05 HTTP+SSE transport. The tools that need a client
// capability (elicitation, sampling, roots) are in ./client-features.mjs;
// the first case fails when the server lists a tool no case covers.

import { CAPABILITY_TOOLS, withAllFeatures } from "./client-features.mjs";

const TINY_PNG_BYTES = 4_033;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The tools server-everything registers for every client (dist/tools/index.js, registerTools). */
const ALWAYS_TOOLS = [
  "echo",
  "get-annotated-message",
  "get-env",
  "get-resource-links",
  "get-resource-reference",
  "get-structured-content",
  "get-sum",
  "get-tiny-image",
  "gzip-file-as-resource",
  "toggle-simulated-logging",
  "toggle-subscriber-updates",
  "trigger-long-running-operation",
];
/** Registered for every client after initialization, but runnable only as a task (taskSupport: "required"). */
const TASK_ONLY_TOOLS = ["simulate-research-query"];

/** A minimal JSON Schema check (type, required, properties, enum) for the structured content of a tool. */
function schemaErrors(schema, value, path = "$") {
  const errors = [];
  const types = [].concat(schema.type ?? []);
  const typeOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (types.length && !types.some((t) => t === typeOf(value) || (t === "number" && typeOf(value) === "integer"))) {
    errors.push(`${path}: ${typeOf(value)} is not ${types.join("|")}`);
    return errors;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeOf(value) === "object") {
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: missing`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in value) errors.push(...schemaErrors(sub, value[key], `${path}.${key}`));
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(value)) if (!(key in (schema.properties ?? {}))) errors.push(`${path}.${key}: not allowed`);
    }
  }
  return errors;
}

function noError(assert, result, what) {
  assert.notEqual(result.isError, true, `${what} is not an error result: ${JSON.stringify(result.content)}`);
}

function toolCases(t) {
  return [
    {
      name: `${t} tools: the list holds exactly the tools covered here, each with an object input schema`,
      async run({ withClient, assert }) {
        await withClient(t, withAllFeatures(), async (c) => {
          const { tools } = await c.listTools();
          const names = tools.map((x) => x.name);
          assert.equal(new Set(names).size, names.length, `no tool listed twice: ${names}`);
          const covered = [...ALWAYS_TOOLS, ...TASK_ONLY_TOOLS, ...CAPABILITY_TOOLS];
          for (const name of names) assert.ok(covered.includes(name), `${name} is listed but no case covers it`);
          for (const name of [...ALWAYS_TOOLS, ...TASK_ONLY_TOOLS, "trigger-elicitation-request", "trigger-sampling-request", "get-roots-list"]) {
            assert.ok(names.includes(name), `${name} listed (${names})`);
          }
          for (const tool of tools) {
            assert.equal(tool.inputSchema?.type, "object", `${tool.name} has an object input schema`);
            assert.equal(typeof tool.description, "string", `${tool.name} has a description`);
          }
          const echo = tools.find((x) => x.name === "echo");
          assert.equal(echo.title, "Echo Tool");
          assert.deepEqual(echo.annotations, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
          assert.deepEqual(echo.inputSchema.required, ["message"]);
          const structured = tools.find((x) => x.name === "get-structured-content");
          assert.equal(structured.outputSchema?.type, "object", "the outputSchema is kept");
        });
      },
    },
    {
      name: `${t} tools: echo returns its message, unicode and 100 kB alike`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const message = 'héllo ✓ "quoted" \\ back\nnew line 🦀';
          const result = await c.callTool("echo", { message });
          assert.deepEqual(result.content, [{ type: "text", text: `Echo: ${message}` }]);
          noError(assert, result, "echo");
          const big = "x".repeat(100_000);
          assert.equal((await c.callTool("echo", { message: big })).content[0].text, `Echo: ${big}`);
        });
      },
    },
    {
      name: `${t} tools: get-sum adds integers, negatives and fractions`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          for (const [a, b, text] of [
            [2, 40, "The sum of 2 and 40 is 42."],
            [-7, 3, "The sum of -7 and 3 is -4."],
            [0.5, 0.25, "The sum of 0.5 and 0.25 is 0.75."],
          ]) {
            const result = await c.callTool("get-sum", { a, b });
            assert.deepEqual(result.content, [{ type: "text", text }]);
          }
        });
      },
    },
    {
      name: `${t} tools: get-annotated-message keeps content annotations, with and without the image`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const error = await c.callTool("get-annotated-message", { messageType: "error", includeImage: true });
          assert.equal(error.content.length, 2);
          assert.deepEqual(error.content[0], { type: "text", text: "Error: Operation failed", annotations: { priority: 1, audience: ["user", "assistant"] } });
          assert.equal(error.content[1].type, "image");
          assert.equal(error.content[1].mimeType, "image/png");
          assert.deepEqual(error.content[1].annotations, { priority: 0.5, audience: ["user"] });
          noError(assert, error, "get-annotated-message");
          const success = await c.callTool("get-annotated-message", { messageType: "success" });
          assert.deepEqual(success.content, [{ type: "text", text: "Operation completed successfully", annotations: { priority: 0.7, audience: ["user"] } }]);
          const debug = await c.callTool("get-annotated-message", { messageType: "debug", includeImage: false });
          assert.deepEqual(debug.content[0].annotations, { priority: 0.3, audience: ["assistant"] });
        });
      },
    },
    {
      name: `${t} tools: get-env shows the minimal environment the test gave the server, nothing of ours`,
      async run({ withClient, assert, token }) {
        await withClient(t, { auth: { type: "bearer", token } }, async (c) => {
          const result = await c.callTool("get-env", {});
          assert.equal(result.content.length, 1);
          assert.equal(result.content[0].type, "text");
          assert.excludes(result.content[0].text, token, "the server never saw our token in its environment");
          const env = JSON.parse(result.content[0].text);
          assert.deepEqual(Object.keys(env).sort(), ["GZIP_ALLOWED_DOMAINS", "PATH", "PORT"]);
          assert.equal(env.PORT, "0");
          assert.equal(env.GZIP_ALLOWED_DOMAINS, "127.0.0.1,localhost");
        });
      },
    },
    {
      name: `${t} tools: get-resource-links returns links that read back as text and blob resources`,
      async run({ withClient, assert, fromBase64 }) {
        await withClient(t, {}, async (c) => {
          const result = await c.callTool("get-resource-links", { count: 4 });
          assert.deepEqual(result.content[0], { type: "text", text: "Here are 4 resource links to resources available in this server:" });
          const links = result.content.slice(1);
          assert.deepEqual(
            links.map((l) => [l.type, l.uri, l.name, l.mimeType]),
            [
              ["resource_link", "demo://resource/dynamic/blob/1", "Blob Resource 1", "text/plain"],
              ["resource_link", "demo://resource/dynamic/text/2", "Text Resource 2", "text/plain"],
              ["resource_link", "demo://resource/dynamic/blob/3", "Blob Resource 3", "text/plain"],
              ["resource_link", "demo://resource/dynamic/text/4", "Text Resource 4", "text/plain"],
            ],
          );
          assert.equal(links[1].description, "Resource 2: plaintext resource");
          const text = await c.readResource(links[1].uri);
          assert.match(text.contents[0].text, /^Resource 2: This is a plaintext resource created at /);
          const blob = await c.readResource(links[0].uri);
          assert.equal(blob.contents[0].uri, links[0].uri);
          assert.match(new TextDecoder().decode(fromBase64(blob.contents[0].blob)), /^Resource 1: This is a base64 blob created at /);
        });
      },
    },
    {
      name: `${t} tools: get-resource-reference embeds a text or a blob resource`,
      async run({ withClient, assert, fromBase64 }) {
        await withClient(t, {}, async (c) => {
          const text = await c.callTool("get-resource-reference", { resourceType: "Text", resourceId: 5 });
          assert.equal(text.content.length, 3);
          assert.equal(text.content[0].text, "Returning resource reference for Resource 5:");
          assert.equal(text.content[1].type, "resource");
          assert.equal(text.content[1].resource.uri, "demo://resource/dynamic/text/5");
          assert.equal(text.content[1].resource.mimeType, "text/plain");
          assert.match(text.content[1].resource.text, /^Resource 5: This is a plaintext resource/);
          assert.equal(text.content[2].text, "You can access this resource using the URI: demo://resource/dynamic/text/5");
          const blob = await c.callTool("get-resource-reference", { resourceType: "Blob", resourceId: 6 });
          assert.equal(blob.content[1].resource.uri, "demo://resource/dynamic/blob/6");
          assert.equal(blob.content[1].resource.text, undefined);
          assert.match(new TextDecoder().decode(fromBase64(blob.content[1].resource.blob)), /^Resource 6: This is a base64 blob/);
          const bad = await c.callTool("get-resource-reference", { resourceType: "Text", resourceId: 0 });
          assert.equal(bad.isError, true, "a tool's own failure stays in the result");
          assert.match(bad.content[0].text, /Invalid resourceId: 0/);
        });
      },
    },
    {
      name: `${t} tools: get-structured-content returns structuredContent that matches its outputSchema`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const { tools } = await c.listTools();
          const schema = tools.find((x) => x.name === "get-structured-content").outputSchema;
          assert.deepEqual([...schema.required].sort(), ["conditions", "humidity", "temperature"]);
          for (const [location, expected] of [
            ["New York", { temperature: 33, conditions: "Cloudy", humidity: 82 }],
            ["Chicago", { temperature: 36, conditions: "Light rain / drizzle", humidity: 82 }],
            ["Los Angeles", { temperature: 73, conditions: "Sunny / Clear", humidity: 48 }],
          ]) {
            const result = await c.callTool("get-structured-content", { location });
            assert.deepEqual(result.structuredContent, expected, location);
            assert.deepEqual(schemaErrors(schema, result.structuredContent), [], `${location} matches the outputSchema`);
            assert.deepEqual(JSON.parse(result.content[0].text), expected, "the text block carries the same JSON");
          }
        });
      },
    },
    {
      name: `${t} tools: get-tiny-image returns a base64 PNG between two texts`,
      async run({ withClient, assert, fromBase64 }) {
        await withClient(t, {}, async (c) => {
          const result = await c.callTool("get-tiny-image", {});
          assert.deepEqual(
            result.content.map((x) => x.type),
            ["text", "image", "text"],
          );
          assert.equal(result.content[0].text, "Here's the image you requested:");
          assert.equal(result.content[2].text, "The image above is the MCP logo.");
          const image = result.content[1];
          assert.equal(image.mimeType, "image/png");
          const bytes = fromBase64(image.data);
          assert.deepEqual([...bytes.slice(0, 8)], PNG_SIGNATURE, "PNG signature");
          assert.equal(bytes.length, TINY_PNG_BYTES);
        });
      },
    },
    {
      name: `${t} tools: gzip-file-as-resource compresses a data: URI, embedded or as a link read back`,
      async run({ withClient, assert, fromBase64, toBase64, gunzip, runtime, until }) {
        const original = `gzip me from ${runtime} over ${t} — ünïcödé\n`.repeat(20);
        const data = `data:text/plain;base64,${toBase64(original)}`;
        const seen = [];
        await withClient(t, { onNotification: (n) => seen.push(n) }, async (c) => {
          const name = `e2e-${runtime}-${t}-embedded.txt.gz`;
          const embedded = await c.callTool("gzip-file-as-resource", { name, data, outputType: "resource" });
          noError(assert, embedded, "gzip-file-as-resource");
          assert.equal(embedded.content[0].type, "resource");
          const resource = embedded.content[0].resource;
          assert.equal(resource.uri, `demo://resource/session/${name}`);
          assert.equal(resource.mimeType, "application/gzip");
          const bytes = fromBase64(resource.blob);
          assert.deepEqual([...bytes.slice(0, 2)], [0x1f, 0x8b], "gzip magic");
          assert.equal(await gunzip(bytes), original);

          const linkName = `e2e-${runtime}-${t}-link.txt.gz`;
          const linked = await c.callTool("gzip-file-as-resource", { name: linkName, data, outputType: "resourceLink" });
          const link = linked.content[0];
          assert.equal(link.type, "resource_link");
          assert.equal(link.uri, `demo://resource/session/${linkName}`);
          assert.equal(link.name, linkName);
          assert.equal(link.mimeType, "application/gzip");
          const read = await c.readResource(link.uri);
          assert.equal(read.contents[0].mimeType, "application/gzip");
          assert.equal(await gunzip(fromBase64(read.contents[0].blob)), original);
          // Each new file is a new resource of the session: the server says its list changed, and lists it.
          await until(
            () => seen.some((n) => n.method === "notifications/resources/list_changed"),
            5000,
            `notifications/resources/list_changed reaches onNotification (got ${JSON.stringify(seen.map((n) => n.method))})`,
          );
          const { resources } = await c.listResources();
          assert.ok(resources.some((r) => r.uri === link.uri), `${link.uri} is listed`);
        });
      },
    },
    {
      name: `${t} tools: toggle-simulated-logging makes the server send notifications/message to onNotification`,
      async run({ withClient, assert, until }) {
        const seen = [];
        await withClient(t, { onNotification: (n) => seen.push(n) }, async (c) => {
          await c.setLoggingLevel("debug");
          const on = await c.callTool("toggle-simulated-logging", {});
          assert.match(on.content[0].text, /^Started simulated, random-leveled logging for session /);
          const levels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
          const log = await until(
            () => seen.find((n) => n.method === "notifications/message" && /[Mm]essage/.test(String(n.params?.data))),
            12000,
            `a simulated log message reaches onNotification (got ${JSON.stringify(seen.map((n) => n.method))})`,
          );
          assert.ok(levels.includes(log.params.level), `level ${log.params.level}`);
          const off = await c.callTool("toggle-simulated-logging", {});
          assert.match(off.content[0].text, /^Stopped simulated logging for session /);
        });
      },
    },
    {
      name: `${t} tools: toggle-subscriber-updates sends notifications/resources/updated for a subscribed resource`,
      async run({ withClient, assert, until }) {
        const seen = [];
        const uri = "demo://resource/dynamic/text/11";
        await withClient(t, { onNotification: (n) => seen.push(n) }, async (c) => {
          const subscribed = await c.subscribeResource(uri);
          const on = await c.callTool("toggle-subscriber-updates", {});
          assert.match(on.content[0].text, /^Started simulated resource updated notifications for session /);
          await until(
            () => seen.find((n) => n.method === "notifications/resources/updated" && n.params?.uri === uri),
            12000,
            `notifications/resources/updated for ${uri} reaches onNotification (got ${JSON.stringify(seen.map((n) => n.method))})`,
          );
          const off = await c.callTool("toggle-subscriber-updates", {});
          assert.match(off.content[0].text, /^Stopped simulated resource updates for session /);
          const unsubscribed = await c.unsubscribeResource(uri);
          // Like connect(), close() and setLoggingLevel(), the methods whose result is empty resolve to undefined.
          assert.equal(subscribed, undefined, "subscribeResource resolves to undefined");
          assert.equal(unsubscribed, undefined, "unsubscribeResource resolves to undefined");
        });
      },
    },
    {
      name: `${t} tools: trigger-long-running-operation reports increasing progress with its total, then its result`,
      async run({ withClient, assert }) {
        const perCall = [];
        const fallback = [];
        await withClient(t, { onProgress: (p) => fallback.push(p) }, async (c) => {
          const result = await c.callTool("trigger-long-running-operation", { duration: 1.2, steps: 4 }, { onProgress: (p) => perCall.push(p) });
          assert.equal(result.content[0].text, "Long running operation completed. Duration: 1.2 seconds, Steps: 4.");
          assert.deepEqual(perCall.map((p) => [p.progress, p.total]), [[1, 4], [2, 4], [3, 4], [4, 4]], "every step before the result");
          assert.ok(perCall.every((p) => p.progressToken !== undefined && p.progressToken === perCall[0].progressToken), "one token for the call");
          assert.equal(fallback.length, 0, "the call's own onProgress replaces the client's");
          await c.callTool("trigger-long-running-operation", { duration: 0.4, steps: 2 });
          assert.deepEqual(fallback.map((p) => p.progress), [1, 2], "the client's onProgress serves calls without their own");
          assert.notEqual(fallback[0].progressToken, perCall[0].progressToken, "each call has its own progress token");
        });
      },
    },
    {
      name: `${t} tools: simulate-research-query (task-only) answers a plain call with an error result`,
      async run({ withClient, assert }) {
        await withClient(t, {}, async (c) => {
          const result = await c.callTool("simulate-research-query", { topic: "wasm" });
          assert.equal(result.isError, true);
          assert.match(result.content[0].text, /requires task augmentation/);
        });
      },
    },
  ];
}

export const toolCasesFor = (transports) => transports.flatMap(toolCases);
