import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError } from "../protocol/errors.js";
import { Warehouse } from "./db.js";
import { barChart, escapeHtml, stackedColumns } from "./svg.js";

/** One row of a KPI query: a value for a label (a week, an agent, a department) of a dimension. */
export interface KpiRow {
  dimension: string;
  label: string;
  series: string;
  value: number;
  n: number;
}

export interface Kpi {
  file: string;
  title: string;
  unit: string;
  definition: string;
  sql: string;
}

/** The sql/ folder at the package root (next to dist/, and next to build/ for the tools). */
export function sqlDirectory(): URL {
  for (const relative of ["../../sql/", "../../../sql/"]) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(new URL("kpi_first_response_time.sql", url))) return url;
  }
  throw new Error("The sql/ folder of the package is missing (it holds the KPI queries).");
}

/** The KPI queries, sql/kpi_*.sql, each with its title, unit and definition from its header comments. */
export function loadKpis(): Kpi[] {
  const dir = sqlDirectory();
  const order = [
    "first_response_time",
    "wait_time",
    "satisfaction",
    "chat_duration",
    "open_resolved",
    "chats_per_agent",
  ];
  const files = readdirSync(dir)
    .filter((f) => /^kpi_.*\.sql$/.test(f))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  function rank(file: string) {
    const i = order.indexOf(file.replace(/^kpi_|\.sql$/g, ""));
    return i === -1 ? order.length : i;
  }
  return files.map((file) => {
    const sql = readFileSync(new URL(file, dir), "utf8");
    const header = (key: string) => new RegExp(`^-- ${key}: (.*)$`, "m").exec(sql)?.[1]?.trim() ?? "";
    return {
      file,
      title: header("title") || file,
      unit: header("unit"),
      definition: header("definition"),
      sql,
    };
  });
}

export async function kpiRows(warehouse: Warehouse, kpi: Kpi): Promise<KpiRow[]> {
  const rows = await warehouse.rows(kpi.sql);
  return rows.map((r) => ({
    dimension: String(r.dimension),
    label: String(r.label),
    series: String(r.series),
    value: Number(r.value),
    n: Number(r.n),
  }));
}

/** Opens the database, makes sure the tables the KPIs read exist, and runs every KPI query. */
export async function computeKpis(
  dbPath: string,
): Promise<{ kpis: Array<Kpi & { rows: KpiRow[] }>; chats: number }> {
  if (!existsSync(dbPath))
    throw new ConfigError(`No database at '${dbPath}'; run sync --to duckdb:${dbPath} first.`);
  const warehouse = await Warehouse.open(dbPath);
  try {
    if (!(await warehouse.tableExists("chats"))) {
      throw new ConfigError(`'${dbPath}' has no chats table; run sync with the chats stream first.`);
    }
    if (!(await warehouse.tableExists("agents"))) {
      // Agent names are optional: without the agents stream the report names agents by id.
      await warehouse.connection.run(
        "CREATE TEMP TABLE agents (id BIGINT, display_name VARCHAR, first_name VARCHAR, last_name VARCHAR)",
      );
    }
    const kpis = [];
    for (const kpi of loadKpis()) kpis.push({ ...kpi, rows: await kpiRows(warehouse, kpi) });
    return { kpis, chats: await warehouse.count("chats") };
  } finally {
    warehouse.close();
  }
}

export async function writeReport(dbPath: string, out: string): Promise<{ kpis: number; chats: number }> {
  const { kpis, chats } = await computeKpis(dbPath);
  // Like sync's --to: the folders of --out are made when missing.
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderReport(kpis, chats));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EISDIR"
        ? "it is a directory; give a file name such as report.html"
        : code === "EACCES"
          ? "permission denied"
          : code === "ENOTDIR" || code === "EEXIST"
            ? "a part of its path is a file, not a folder"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new ConfigError(`Cannot write --out '${out}': ${why}.`);
  }
  return { kpis: kpis.length, chats };
}

const format = (value: number, unit: string) => {
  const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
  return unit === "%" ? `${rounded}%` : unit === "s" ? `${rounded} s` : rounded;
};

export function renderReport(kpis: Array<Kpi & { rows: KpiRow[] }>, chats: number): string {
  const sections = kpis.map((kpi, index) => {
    const byWeek = kpi.rows.filter((r) => r.dimension === "week");
    const groups = kpi.rows.filter((r) => r.dimension !== "week");
    const groupName = groups[0]?.dimension ?? "group";
    const fmt = (v: number) => format(v, kpi.unit);
    const groupSeries = [...new Set(groups.map((r) => r.series))];
    const groupTotals = new Map<string, number>();
    for (const r of groups) groupTotals.set(r.label, (groupTotals.get(r.label) ?? 0) + r.value);
    const groupBars =
      groupSeries.length > 1
        ? [...groupTotals.keys()].map((label) => ({
            label,
            value: groups.find((r) => r.label === label && r.series === groupSeries[0])?.value ?? 0,
            note: groupSeries
              .map((s) => `${s} ${fmt(groups.find((r) => r.label === label && r.series === s)?.value ?? 0)}`)
              .join(", "),
          }))
        : groups.map((r) => ({ label: r.label, value: r.value, note: `${fmt(r.value)} (n=${r.n})` }));
    const table = [...new Set(byWeek.map((r) => r.label))]
      .map((week) => {
        const cells = [...new Set(byWeek.map((r) => r.series))].map((s) => {
          const row = byWeek.find((r) => r.label === week && r.series === s);
          return `<td>${row ? escapeHtml(fmt(row.value)) : ""}</td>`;
        });
        return `<tr><th>${escapeHtml(week)}</th>${cells.join("")}</tr>`;
      })
      .join("");
    const seriesHeader = [...new Set(byWeek.map((r) => r.series))]
      .map((s) => `<th>${escapeHtml(s === "value" ? kpi.title : s)}</th>`)
      .join("");
    return `<section class="kpi" id="kpi-${index + 1}">
<h2>${escapeHtml(kpi.title)}</h2>
<p class="definition"><b>Definition:</b> ${escapeHtml(kpi.definition)} <span class="source">(sql/${escapeHtml(kpi.file)})</span></p>
<div class="charts">
<figure><figcaption>By week</figcaption>${stackedColumns(byWeek, fmt)}</figure>
<figure><figcaption>By ${escapeHtml(groupName)}${groupSeries.length > 1 ? ` (bar: ${escapeHtml(groupSeries[0] ?? "")})` : ""}</figcaption>${barChart(groupBars, fmt)}</figure>
</div>
<details><summary>Numbers by week</summary><table><tr><th>week</th>${seriesHeader}</tr>${table}</table></details>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Zendesk Chat KPIs</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; background: #fff; }
h1 { margin-bottom: 0.2rem; }
.kpi { border-top: 1px solid #ddd; padding: 1rem 0; }
.definition { max-width: 70rem; color: #444; }
.source { color: #888; font-size: 0.85em; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; }
svg text { font-size: 11px; fill: #333; }
table { border-collapse: collapse; font-size: 0.85em; margin-top: 0.5rem; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
</style></head>
<body>
<h1>Zendesk Chat KPIs</h1>
<p>${chats} chats. Weeks start on Monday, in UTC. Generated ${escapeHtml(new Date().toISOString())} by source-zendesk-chat report.</p>
${sections.join("\n")}
</body></html>
`;
}
