// Browser and bundler entry: the module is fetched next to this file
// (`new URL(..., import.meta.url)`, which bundlers rewrite to an asset).
// Top-level await means importers see a ready module; `ready` is exported
// for code that prefers to await it explicitly.
import init from "./web/mistral_edge.js";

export const ready = init().then(() => undefined);
await ready;

export { Mistral, McpClient, __wasmMemory } from "./web/mistral_edge.js";
export * from "./errors.js";
