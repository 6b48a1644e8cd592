// A rejected call must give back every byte it allocated in the wasm heap.
// Linear memory only grows, so a leak of a few bytes per call shows up as
// growth over 10,000 calls; a JS-side heap figure (performance.memory,
// process.memoryUsage) could not see it, hence `lib.__wasmMemory()`, which
// returns the module's WebAssembly.Memory.

const CALLS = 10000;
const WARM_UP = 500;

export const memoryCases = [
  {
    name: "memory: 10,000 calls failing validation leave the wasm memory flat",
    async run({ lib, client, assert }) {
      assert.equal(typeof lib.__wasmMemory, "function", "the package exports __wasmMemory() (the test's window on the wasm heap)");
      const memory = lib.__wasmMemory();
      assert.ok(memory instanceof WebAssembly.Memory, "__wasmMemory() returns a WebAssembly.Memory");
      const c = client();
      // Three validation paths in turn: a wrong type, a missing member, an unknown tool type.
      const invalid = [
        (i) => c.conversations.start({ model: "mistral-small-latest", inputs: i }),
        (i) => c.conversations.start({ inputs: `no model ${i}` }),
        (i) => c.agents.create({ model: "mistral-small-latest", name: `a${i}`, tools: [{ type: `tool_${i}` }] }),
      ];
      const fail = async (i) => {
        try {
          await invalid[i % invalid.length](i);
        } catch (e) {
          if (!(e instanceof lib.ValidationError)) throw e;
          return;
        }
        throw new Error(`invalid call #${i % invalid.length} was accepted`);
      };
      // The allocator settles first (its free lists and the first grow).
      for (let i = 0; i < WARM_UP; i++) await fail(i);
      const before = memory.buffer.byteLength;
      for (let i = 0; i < CALLS; i++) await fail(i);
      const after = memory.buffer.byteLength;
      assert.equal(after, before, `wasm memory grew by ${after - before} bytes over ${CALLS} rejected calls`);
    },
  },
];
