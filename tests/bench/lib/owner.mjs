// The owner of a Rust symbol (its crate, or for our crate its top-level
// module), so size and CPU time can be summed one level above single
// functions. Monomorphized generics count for the crate the symbol's path
// starts with (e.g. `serde_json` for its Deserializer over our types).
const SYMBOL = /^[<&\s]*(?:impl\s+|dyn\s+|mut\s+)*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::([A-Za-z_][A-Za-z0-9_]*)?/;

/** The owner of `name`, or null when it is not a Rust path. */
export function ownerOf(name) {
  const m = SYMBOL.exec(name);
  if (!m) return null;
  return m[1] === "mistral_edge" && m[2] ? `mistral_edge::${m[2]}` : m[1];
}
