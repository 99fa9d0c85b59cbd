/**
 * What a section of the report is: the tables it needs, its KPI queries (sql/<section>/*.sql, each
 * with its title, unit and definition in its header comments), the charts drawn from them, and its
 * totals. A new section is one file in this folder, listed in sections/index.ts, and its SQL files.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Warehouse } from "../db.js";

/** One row of a KPI query: a value for a label (a week, an agent, a channel) of a dimension, with its sample size. */
export interface KpiRow {
  dimension: string;
  label: string;
  series: string;
  value: number;
  n: number;
}

export interface KpiSpec {
  /** The query, relative to sql/ (e.g. "chats/first_response_time.sql"). */
  file: string;
  /**
   * "counts": things counted (stacked bars, whole numbers, the count is its own sample size);
   * "values": an average, median or rate per label, drawn as a line with its sample size under it.
   */
  chart: "counts" | "values";
  /** Tables this KPI reads beyond the section's own; the KPI is left out (and the page says so) without them. */
  tables?: string[];
}

export interface Kpi extends KpiSpec {
  title: string;
  unit: string;
  definition: string;
  sql: string;
}

export interface Total {
  label: string;
  value: number;
}

export interface Section {
  id: string;
  title: string;
  /** The tables (or views) the section reads: without one of them, the page says so instead. */
  tables: string[];
  /** Tables of which the section needs one at least (its data's sources): with none, the page says they are missing. */
  anyOf?: string[];
  /** How to get the tables into the file, said on the page when they are missing. */
  howToSync: string;
  intro: string;
  kpis: KpiSpec[];
  /**
   * Views its KPIs read (sql/<section>/<view>.sql, named by its "-- view:" header), built before
   * them when the view's tables are in the file: what several KPIs share is written once.
   */
  views?: Array<{ file: string; tables: string[] }>;
  /** Facts about what the section cannot show from its tables. */
  notes?: string[];
  /**
   * Runs before the queries (e.g. a stand-in for an optional table); what it returns are notes on
   * what this file leaves out (shown with the section's own notes).
   */
  prepare?: (warehouse: Warehouse) => Promise<string[] | undefined>;
  /** SQL returning one row: the first and last time of the section's data (first, last). */
  periodSql: string;
  /** SQL returning rows (label, value): the section's totals, for the summary. */
  totalsSql: string;
}

/** A section as the page draws it: its KPIs' rows, or the tables it lacks. */
export interface SectionResult {
  section: Section;
  /** The section's tables missing from the file: the page says so instead of drawing it. */
  missing: string[];
  period?: { first: Date; last: Date };
  partial: string[];
  /** What `prepare` found this file leaves out. */
  notes: string[];
  totals: Total[];
  kpis: Array<Kpi & { rows: KpiRow[] }>;
  /** KPIs left out for want of a table. */
  skipped: Array<{ kpi: Kpi; missing: string[] }>;
}

/** The sql/ folder at the package root (next to dist/, and next to build/ for the tools). */
export function sqlDirectory(): URL {
  for (const relative of ["../../../sql/", "../../../../sql/"]) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(new URL("chats/first_response_time.sql", url))) return url;
  }
  throw new Error("The sql/ folder of the package is missing (it holds the KPI queries).");
}

/** A file of sql/ and a reader of its header comments ("-- key: value"). */
function loadSql(file: string): { sql: string; header: (key: string) => string } {
  const sql = readFileSync(new URL(file, sqlDirectory()), "utf8");
  return { sql, header: (key) => new RegExp(`^-- ${key}: (.*)$`, "m").exec(sql)?.[1]?.trim() ?? "" };
}

/** A view's name (its "-- view:" header) and query. */
export function loadView(file: string): { name: string; sql: string } {
  const { sql, header } = loadSql(file);
  const name = header("view");
  if (!name) throw new Error(`sql/${file} has no "-- view: NAME" header.`);
  return { name, sql };
}

/** A KPI's query with its title, unit and definition read from its header comments. */
export function loadKpi(spec: KpiSpec): Kpi {
  const { sql, header } = loadSql(spec.file);
  return {
    ...spec,
    title: header("title") || spec.file,
    unit: header("unit"),
    definition: header("definition"),
    sql,
  };
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

/** Monday (UTC) of the week holding `date`, as YYYY-MM-DD. */
export function weekOf(date: Date): string {
  const day = (date.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}

/** Every week (Monday, YYYY-MM-DD) from the one holding `first` to the one holding `last`. */
export function weeksBetween(first: Date, last: Date): string[] {
  const weeks: string[] = [];
  const end = Date.parse(`${weekOf(last)}T00:00:00Z`);
  for (let t = Date.parse(`${weekOf(first)}T00:00:00Z`); t <= end; t += 7 * 86_400_000)
    weeks.push(new Date(t).toISOString().slice(0, 10));
  return weeks;
}

/** The weeks the data covers in part: the first unless it starts on a Monday at 00:00, the last unless it ends on Sunday at 24:00. */
export function partialWeeks(first: Date, last: Date): string[] {
  const weeks = new Set<string>();
  if (first.getTime() !== Date.parse(`${weekOf(first)}T00:00:00Z`)) weeks.add(weekOf(first));
  const next = Date.parse(`${weekOf(last)}T00:00:00Z`) + 7 * 86_400_000;
  if (last.getTime() + 1000 < next) weeks.add(weekOf(last));
  return [...weeks];
}
