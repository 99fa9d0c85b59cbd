/** The report's one HTML page: a summary, then each section's KPIs (charts, definitions, numbers). */
import { formatValue, groupChart, periodChart, scaleFor } from "./charts.js";
import { type Kpi, type KpiRow, type SectionResult, weeksBetween } from "./sections/kit.js";

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

type KpiWithRows = Kpi & { rows: KpiRow[] };

const day = (date: Date) => date.toISOString().slice(0, 10);
const count = (value: number) => value.toLocaleString("en-US");

/**
 * A KPI's weekly lines, each a value per week with its sample size: counts summed over their
 * series (one line), values one line per series (e.g. calendar and business hours).
 */
function weeklyLines(
  kpi: KpiWithRows,
): Array<{ name: string; weeks: Map<string, { value: number; n: number }> }> {
  const rows = kpi.rows.filter((r) => r.dimension === "week");
  const series = [...new Set(rows.map((r) => r.series))].sort();
  const lines =
    kpi.chart === "counts" || series.length <= 1
      ? [{ name: kpi.title, of: series }]
      : series.map((s) => ({ name: `${kpi.title}, ${s}`, of: [s] }));
  return lines.map(({ name, of }) => {
    const weeks = new Map<string, { value: number; n: number }>();
    for (const r of rows.filter((r) => of.includes(r.series))) {
      const w = weeks.get(r.label) ?? { value: 0, n: 0 };
      weeks.set(r.label, { value: w.value + r.value, n: w.n + r.n });
    }
    return { name, weeks };
  });
}

/** Below this sample size in either week a change says more about chance than about the team. */
const MIN_N = 10;

/** The KPIs that moved most between the last two complete weeks (n >= MIN_N in both), largest relative change first. */
function moves(sections: SectionResult[]): string[] {
  const found: Array<{ change: number; text: string }> = [];
  for (const s of sections) {
    for (const kpi of s.kpis) {
      for (const line of weeklyLines(kpi)) {
        const weeks = [...line.weeks]
          .filter(([w]) => !s.partial.includes(w))
          .sort(([a], [b]) => a.localeCompare(b));
        const [previous, last] = weeks.slice(-2);
        if (!previous || !last || previous[1].value === 0) continue;
        if (previous[1].n < MIN_N || last[1].n < MIN_N) continue;
        const scale = scaleFor(
          kpi.unit,
          weeks.map(([, w]) => w.value),
        );
        const change = (last[1].value - previous[1].value) / Math.abs(previous[1].value);
        const sign = change >= 0 ? "+" : "−";
        found.push({
          change: Math.abs(change),
          text: `<b>${escapeHtml(line.name)}</b>: ${escapeHtml(formatValue(previous[1].value, scale))} (n=${count(previous[1].n)}) → ${escapeHtml(formatValue(last[1].value, scale))} (n=${count(last[1].n)}), ${sign}${Math.abs(change * 100).toFixed(0)}% <span class="muted">week of ${last[0]} vs ${previous[0]}</span>`,
        });
      }
    }
  }
  return found
    .sort((a, b) => b.change - a.change)
    .slice(0, 5)
    .map((m) => m.text);
}

function summary(sections: SectionResult[], generated: Date): string {
  const shown = sections.filter((s) => s.missing.length === 0);
  const firsts = shown.flatMap((s) => (s.period ? [s.period.first.getTime()] : []));
  const lasts = shown.flatMap((s) => (s.period ? [s.period.last.getTime()] : []));
  const period =
    firsts.length > 0
      ? `${day(new Date(Math.min(...firsts)))} to ${day(new Date(Math.max(...lasts)))} (UTC)`
      : "no data";
  const totals = shown
    .map(
      (s) =>
        `<li><b>${escapeHtml(s.section.title)}</b>: ${s.totals.map((t) => `<span class="total" data-total="${escapeHtml(`${s.section.id}/${t.label}`)}">${count(t.value)}</span> ${escapeHtml(t.label)}`).join(", ")}</li>`,
    )
    .join("");
  const missing = sections
    .filter((s) => s.missing.length > 0)
    .map((s) => `<li>${escapeHtml(s.section.title)}: not in this file.</li>`)
    .join("");
  const moved = moves(sections);
  return `<section class="summary" id="summary">
<h2>Summary</h2>
<p>Period: <b>${period}</b>. Weeks start on Monday, in UTC. Generated ${escapeHtml(generated.toISOString().slice(0, 16).replace("T", " "))} UTC.</p>
<ul class="totals">${totals}${missing}</ul>
<h3>Moved most since the previous week</h3>
<p class="muted">The last complete week against the one before, for the KPIs with a sample size (n) of at least ${MIN_N} in both.</p>
${moved.length > 0 ? `<ul class="moves">${moved.map((m) => `<li>${m}</li>`).join("")}</ul>` : `<p class="moves-none">No KPI has n of at least ${MIN_N} in both weeks.</p>`}
</section>`;
}

function cell(kpi: Kpi, dimension: string, label: string, series: string, text: string, kind: "value" | "n") {
  return `<td data-kpi="${escapeHtml(kpi.file)}" data-dimension="${escapeHtml(dimension)}" data-label="${escapeHtml(label)}" data-series="${escapeHtml(series)}" data-kind="${kind}">${escapeHtml(text)}</td>`;
}

/**
 * The numbers behind a chart: one row per label; counts a column per series and their total, values
 * their value and n (a pair of columns per series where there are several).
 */
function table(kpi: KpiWithRows, dimension: string, partial: string[]): string {
  const rows = kpi.rows.filter((r) => r.dimension === dimension);
  const scale = scaleFor(
    kpi.unit,
    rows.map((r) => r.value),
  );
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const series = [...new Set(rows.map((r) => r.series))].sort();
  const counts = kpi.chart === "counts";
  const named = (s: string, column: string) => (s === "value" ? column : `${s}: ${column}`);
  const head = counts
    ? `${series.map((s) => `<th>${escapeHtml(s)}</th>`).join("")}<th>total</th>`
    : series
        .map((s) => `<th>${escapeHtml(named(s, "value"))}</th><th>${escapeHtml(named(s, "n"))}</th>`)
        .join("");
  const body = labels
    .map((label) => {
      const of = (s: string) => rows.find((r) => r.label === label && r.series === s);
      const cells = counts
        ? `${series.map((s) => cell(kpi, dimension, label, s, formatValue(of(s)?.value ?? 0, scale), "value")).join("")}<td>${formatValue(
            series.reduce((sum, s) => sum + (of(s)?.value ?? 0), 0),
            scale,
          )}</td>`
        : series
            .map((s) => {
              const row = of(s);
              // A series without a row for this label (no value yet) shows a dash, not a zero.
              if (!row) return "<td>–</td><td>–</td>";
              return `${cell(kpi, dimension, label, s, formatValue(row.value, scale), "value")}${cell(kpi, dimension, label, s, count(row.n), "n")}`;
            })
            .join("");
      const mark = partial.includes(label) ? ' <span class="partial">partial</span>' : "";
      return `<tr><th>${escapeHtml(label)}${mark}</th>${cells}</tr>`;
    })
    .join("");
  return `<table><tr><th>${escapeHtml(dimension)}</th>${head}</tr>${body}</table>`;
}

async function kpiBlock(kpi: KpiWithRows, weeks: string[], partial: string[], id: string): Promise<string> {
  const counts = kpi.chart === "counts";
  const byWeek = kpi.rows.filter((r) => r.dimension === "week");
  const groups = kpi.rows.filter((r) => r.dimension !== "week");
  const dimension = groups[0]?.dimension ?? "group";
  if (byWeek.length === 0 && groups.length === 0) {
    return `<article class="kpi" id="${id}"><h3>${escapeHtml(kpi.title)}</h3><p class="definition"><b>Definition:</b> ${escapeHtml(kpi.definition)} <span class="source">(sql/${escapeHtml(kpi.file)})</span></p><p class="empty">No data.</p></article>`;
  }
  const scale = (rows: KpiRow[]) =>
    scaleFor(
      kpi.unit,
      rows.map((r) => r.value),
    );
  const week = await periodChart({ periods: weeks, points: byWeek, scale: scale(byWeek), counts, partial });
  const group = await groupChart({ points: groups, scale: scale(groups), counts, dimension });
  const notes = [...week.notes, ...group.notes].map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("");
  return `<article class="kpi" id="${id}">
<h3>${escapeHtml(kpi.title)}</h3>
<p class="definition"><b>Definition:</b> ${escapeHtml(kpi.definition)} <span class="source">(sql/${escapeHtml(kpi.file)})</span></p>
<div class="charts">
<figure class="chart" data-chart="week"><figcaption>By week (Monday, UTC)${counts ? "" : "; below: n, the sample size"}</figcaption>${week.svg}</figure>
<figure class="chart" data-chart="${escapeHtml(dimension)}"><figcaption>By ${escapeHtml(dimension)}${counts ? "" : " (n: sample size)"}</figcaption>${group.svg}</figure>
</div>
${notes}
<details><summary>Numbers</summary><div class="tables">${table(kpi, "week", partial)}${table(kpi, dimension, [])}</div></details>
</article>`;
}

async function sectionBlock(s: SectionResult): Promise<string> {
  const head = `<h2>${escapeHtml(s.section.title)}</h2>`;
  if (s.missing.length > 0) {
    return `<section class="section missing" id="section-${s.section.id}">${head}<p class="missing-tables">Not in this file: the table${s.missing.length > 1 ? "s" : ""} ${s.missing.map((t) => `<code>${escapeHtml(t)}</code>`).join(", ")} ${s.missing.length > 1 ? "are" : "is"} missing. To see this section, ${escapeHtml(s.section.howToSync)}.</p></section>`;
  }
  const blocks: string[] = [];
  const weeks = s.period ? weeksBetween(s.period.first, s.period.last) : [];
  for (const [i, kpi] of s.kpis.entries())
    blocks.push(await kpiBlock(kpi, weeks, s.partial, `${s.section.id}-${i + 1}`));
  // One line per set of missing tables, naming the KPIs it leaves out.
  const byMissing = new Map<string, string[]>();
  for (const { kpi, missing } of s.skipped)
    byMissing.set(missing.join(","), [...(byMissing.get(missing.join(",")) ?? []), kpi.title]);
  const skipped = [...byMissing]
    .map(([tables, titles]) => {
      const names = tables.split(",");
      return `<p class="note missing-tables">Not shown, the table${names.length > 1 ? "s" : ""} ${names.map((t) => `<code>${escapeHtml(t)}</code>`).join(", ")} ${names.length > 1 ? "are" : "is"} not in this file: ${titles.map(escapeHtml).join(", ")}.</p>`;
    })
    .join("");
  const notes = [...(s.section.notes ?? []), ...s.notes]
    .map((n) => `<p class="note">${escapeHtml(n)}</p>`)
    .join("");
  return `<section class="section" id="section-${s.section.id}">${head}<p>${escapeHtml(s.section.intro)}</p>${notes}${skipped}
${blocks.join("\n")}
</section>`;
}

const CSS = `
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, system-ui, sans-serif; margin: 0 auto; padding: 1.5rem 2rem; max-width: 1280px; color: #222; background: #fff; font-size: 14px; line-height: 1.45; }
h1 { margin: 0 0 0.3rem; font-size: 1.6rem; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 0.4rem; border-bottom: 2px solid #2f6fb3; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 0 0 0.3rem; }
p, li { overflow-wrap: anywhere; }
.muted, .source { color: #666; font-size: 0.9em; }
.summary ul { padding-left: 1.2rem; }
.kpi { border-top: 1px solid #ddd; padding: 1rem 0; }
.definition { color: #333; max-width: 100%; }
.note { color: #8a4b00; font-size: 0.9em; margin: 0.3rem 0; }
.missing-tables { color: #8a4b00; }
.charts { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 1rem 2rem; align-items: start; }
@media (max-width: 900px) { .charts { grid-template-columns: minmax(0, 1fr); } }
figure { margin: 0; max-width: 100%; }
figcaption { font-weight: 600; margin-bottom: 0.2rem; }
figure svg { max-width: 100%; height: auto; display: block; }
.partial { color: #8a4b00; font-size: 0.85em; font-weight: normal; }
.tables { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
table { border-collapse: collapse; font-size: 0.85em; margin-top: 0.5rem; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; white-space: nowrap; }
th:first-child { text-align: left; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .kpi, figure, .summary { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  details { display: none; }
}
`;

export async function renderReport(sections: SectionResult[], generated: Date): Promise<string> {
  const blocks: string[] = [];
  for (const s of sections) blocks.push(await sectionBlock(s));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Zendesk Chat and Support KPIs</title>
<style>${CSS}</style></head>
<body>
<h1>Zendesk Chat and Support KPIs</h1>
<p class="muted">Written by source-zendesk-chat report from a synced DuckDB file. Every chart's query is in the package's sql/ folder, named under its definition.</p>
${summary(sections, generated)}
${blocks.join("\n")}
</body></html>
`;
}
