// Node entry: the module bytes are next to this file, so the instance is
// ready when the import resolves (no `await ready` needed).
import { readFileSync } from "node:fs";
import { initSync } from "./web/mistral_edge.js";

initSync({ module: readFileSync(new URL("./web/mistral_edge_bg.wasm", import.meta.url)) });

export { Mistral, McpClient, __wasmMemory } from "./web/mistral_edge.js";
export * from "./errors.js";
export const ready = Promise.resolve();
