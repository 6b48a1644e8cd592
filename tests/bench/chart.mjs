// The throughput chart as a self-contained HTML page with an SVG bar chart
// (rendered to PNG by headless Chromium, so no charting dependency): one
// group per runtime and chunking, one bar per consumer, events/s.

const COLORS = { ours: "#e8590c", peer: "#1c7ed6", floor: "#868e96" };
const LABELS = { ours: "mistral-edge (ours)", peer: "@mistralai/mistralai", floor: "floor (decode + split + JSON.parse)" };

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/**
 * @param {{ title: string, subtitle: string, groups: { label: string, bars: { consumer: string, value: number }[] }[] }} chart
 * @returns {{ html: string, width: number, height: number }}
 */
export function throughputChartHtml({ title, subtitle, groups }) {
  const width = 960;
  const left = 250;
  const right = 130;
  const barH = 18;
  const gap = 4;
  const groupGap = 22;
  const top = 90;
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
  const scale = (v) => (v / max) * (width - left - right);
  let y = top;
  const parts = [];
  for (const g of groups) {
    parts.push(`<text x="12" y="${y + 12}" font-weight="600">${esc(g.label)}</text>`);
    y += 18;
    for (const b of g.bars) {
      const w = Math.max(1, scale(b.value));
      parts.push(`<text x="${left - 8}" y="${y + barH - 5}" text-anchor="end" font-size="12">${esc(LABELS[b.consumer] ?? b.consumer)}</text>`);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[b.consumer] ?? "#444"}"/>`);
      parts.push(`<text x="${left + w + 6}" y="${y + barH - 5}" font-size="12">${Math.round(b.value).toLocaleString("en-US")} ev/s</text>`);
      y += barH + gap;
    }
    y += groupGap;
  }
  const height = y + 30;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="30" font-size="20" font-weight="700">${esc(title)}</text>
<text x="12" y="56" font-size="12" fill="#555">${esc(subtitle)}</text>
${parts.join("\n")}
<text x="12" y="${height - 10}" font-size="11" fill="#777">Median of the runs; higher is better. Same bytes, same in-memory fetch for every consumer.</text>
</svg>`;
  return { html: `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`, width, height };
}
