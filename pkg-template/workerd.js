// Cloudflare Workers entry: wrangler/workerd import a `.wasm` file as a
// compiled `WebAssembly.Module`, which instantiates synchronously.
import wasm from "./web/mistral_edge_bg.wasm";
import { initSync } from "./web/mistral_edge.js";

initSync({ module: wasm });

export { Mistral, McpClient, __wasmMemory } from "./web/mistral_edge.js";
export * from "./errors.js";
export const ready = Promise.resolve();
