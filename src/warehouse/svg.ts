/** Inline SVG charts: the report needs no script and no network to be read. */

const COLORS = ["#2f6fb3", "#e07b39", "#4a9d5b", "#b84a62", "#7a5fb0"];

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** Columns per label (a week), stacked by series, with a legend when there are several series. */
export function stackedColumns(
  rows: Array<{ label: string; series: string; value: number }>,
  format: (value: number) => string,
): string {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const series = [...new Set(rows.map((r) => r.series))].sort();
  if (labels.length === 0) return `<p class="empty">No data.</p>`;
  const totals = labels.map((label) =>
    rows
      .filter((r) => r.label === label)
      .reduce((sum, r) => sum + (Number.isFinite(r.value) ? r.value : 0), 0),
  );
  const max = Math.max(...totals, 1e-9);
  const width = Math.max(360, Math.min(900, labels.length * 18 + 60));
  const height = 220;
  const left = 72;
  const bottom = 40;
  const plotHeight = height - bottom - 20;
  const step = (width - left - 10) / labels.length;
  const barWidth = Math.max(2, step * 0.8);
  const parts: string[] = [];
  parts.push(
    `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#999"/>`,
    `<text x="${left - 4}" y="${height - bottom - plotHeight + 4}" text-anchor="end">${escapeHtml(format(max))}</text>`,
    `<text x="${left - 4}" y="${height - bottom}" text-anchor="end">0</text>`,
  );
  labels.forEach((label, i) => {
    let y = height - bottom;
    const x = left + i * step + (step - barWidth) / 2;
    series.forEach((s, si) => {
      const row = rows.find((r) => r.label === label && r.series === s);
      if (!row || !Number.isFinite(row.value) || row.value <= 0) return;
      const h = (row.value / max) * plotHeight;
      y -= h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${escapeHtml(`${label}${series.length > 1 ? ` ${s}` : ""}: ${format(row.value)}`)}</title></rect>`,
      );
    });
    if (labels.length <= 12 || i % Math.ceil(labels.length / 12) === 0) {
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 12}" text-anchor="end" transform="rotate(-35 ${(x + barWidth / 2).toFixed(1)} ${height - bottom + 12})">${escapeHtml(label)}</text>`,
      );
    }
  });
  if (series.length > 1) {
    series.forEach((s, si) => {
      parts.push(
        `<rect x="${left + si * 90}" y="2" width="10" height="10" fill="${COLORS[si % COLORS.length]}"/>`,
        `<text x="${left + si * 90 + 14}" y="11">${escapeHtml(s)}</text>`,
      );
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join("")}</svg>`;
}

/** Horizontal bars, one per label, each with its number. */
export function barChart(
  bars: Array<{ label: string; value: number; note: string }>,
  _format: (value: number) => string,
): string {
  if (bars.length === 0) return `<p class="empty">No data.</p>`;
  const sorted = [...bars].sort((a, b) => b.value - a.value).slice(0, 25);
  const max = Math.max(...sorted.map((b) => b.value), 1e-9);
  const rowHeight = 18;
  const labelWidth = 150;
  const barSpace = 220;
  const width = labelWidth + barSpace + 200;
  const height = sorted.length * rowHeight + 10;
  const parts = sorted.map((bar, i) => {
    const y = 5 + i * rowHeight;
    const w = Math.max(1, (Math.max(bar.value, 0) / max) * barSpace);
    return `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(bar.label.slice(0, 24))}</text><rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 5}" fill="${COLORS[0]}"><title>${escapeHtml(`${bar.label}: ${bar.note}`)}</title></rect><text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 12}">${escapeHtml(bar.note)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join("")}</svg>`;
}
