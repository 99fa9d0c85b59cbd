import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError } from "../protocol/errors.js";
import { ident } from "./columns.js";
import { unmergedMessage, Warehouse } from "./db.js";
import { renderReport } from "./report-html.js";
import { SECTIONS } from "./sections/index.js";
import {
  type Kpi,
  type KpiRow,
  kpiRows,
  loadKpi,
  loadView,
  partialWeeks,
  type Section,
  type SectionResult,
} from "./sections/kit.js";

export type { Kpi, KpiRow, SectionResult } from "./sections/kit.js";

async function missingTables(warehouse: Warehouse, tables: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const table of tables) if (!(await warehouse.tableExists(table))) missing.push(table);
  return missing;
}

function asDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function computeSection(warehouse: Warehouse, section: Section): Promise<SectionResult> {
  const result: SectionResult = {
    section,
    missing: [],
    partial: [],
    notes: [],
    totals: [],
    kpis: [],
    skipped: [],
  };
  result.missing = await missingTables(warehouse, section.tables);
  const sources = section.anyOf ?? [];
  if (result.missing.length === 0 && sources.length > 0) {
    const absent = await missingTables(warehouse, sources);
    if (absent.length === sources.length) result.missing = absent;
  }
  if (result.missing.length > 0) return result;
  result.notes = (await section.prepare?.(warehouse)) ?? [];
  for (const view of section.views ?? []) {
    if ((await missingTables(warehouse, view.tables)).length > 0) continue;
    const { name, sql } = loadView(view.file);
    await warehouse.connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(name)} AS ${sql}`);
  }
  const [period] = await warehouse.rows(section.periodSql);
  const first = asDate(period?.first);
  const last = asDate(period?.last);
  if (first && last) {
    result.period = { first, last };
    result.partial = partialWeeks(first, last);
  }
  result.totals = (await warehouse.rows(section.totalsSql)).map((r) => ({
    label: String(r.label),
    value: Number(r.value),
  }));
  for (const spec of section.kpis) {
    const kpi = loadKpi(spec);
    const missing = await missingTables(warehouse, spec.tables ?? []);
    if (missing.length > 0) result.skipped.push({ kpi, missing });
    else result.kpis.push({ ...kpi, rows: await kpiRows(warehouse, kpi) });
  }
  return result;
}

/** Opens the database and computes every section whose tables it holds. */
export async function computeReport(dbPath: string): Promise<SectionResult[]> {
  if (!existsSync(dbPath))
    throw new ConfigError(`No database at '${dbPath}'; run sync --to duckdb:${dbPath} first.`);
  const warehouse = await Warehouse.open(dbPath, { readOnly: true });
  try {
    // Counts over a table holding two versions of a row would be wrong without a word: refused.
    const unmerged = await warehouse.unmerged();
    if (unmerged.length > 0) throw new ConfigError(unmergedMessage(dbPath, unmerged));
    const sections: SectionResult[] = [];
    for (const section of SECTIONS) sections.push(await computeSection(warehouse, section));
    if (sections.every((s) => s.missing.length > 0)) {
      throw new ConfigError(
        `'${dbPath}' has none of the tables the report reads (${SECTIONS.map((s) => s.tables.join(" + ")).join(", ")}); run sync first (with the chats stream, or a support block for tickets).`,
      );
    }
    return sections;
  } finally {
    warehouse.close();
  }
}

/** The KPIs of every section shown, with their rows (the report test compares them). */
export async function computeKpis(dbPath: string): Promise<Array<Kpi & { rows: KpiRow[] }>> {
  return (await computeReport(dbPath)).flatMap((s) => s.kpis);
}

export async function writeReport(dbPath: string, out: string): Promise<{ kpis: number; over: string }> {
  const sections = await computeReport(dbPath);
  const html = await renderReport(sections, new Date());
  // Like sync's --to: the folders of --out are made when missing.
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, html);
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
  // "200 chats", "200 chats and 3000 tickets", "9 conversations, 2 chats and 3 tickets": the first
  // total of each section drawn.
  const firsts = sections
    .filter((s) => s.missing.length === 0 && s.totals[0])
    .map((s) => `${s.totals[0]?.value} ${s.totals[0]?.label}`);
  const over =
    firsts.length > 1 ? `${firsts.slice(0, -1).join(", ")} and ${firsts.at(-1)}` : (firsts[0] ?? "");
  return { kpis: sections.reduce((sum, s) => sum + s.kpis.length, 0), over };
}
