// Small numeric helpers shared by the harness and the report.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Spread of samples as (max - min) / median: the report's noise measure. */
export function spread(xs) {
  return (Math.max(...xs) - Math.min(...xs)) / median(xs);
}

export function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

export function fixed(x, digits = 1) {
  return Number.isFinite(x) ? x.toFixed(digits) : "n/a";
}

export function int(x) {
  return Math.round(x).toLocaleString("en-US");
}

/** `ours / peer` to two decimals, with a `×`. */
export function ratio(ours, peer) {
  return peer ? `${(ours / peer).toFixed(2)}×` : "n/a";
}
