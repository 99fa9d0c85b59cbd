import { existsSync } from "node:fs";
import { ConfigError } from "../protocol/errors.js";
import { unmergedMessage, Warehouse } from "./db.js";

const MAX_CELL = 60;

/** A value as a person reads it in a table cell. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object")
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
  const text = String(value).replace(/\s+/g, " ");
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/**
 * Runs one SQL statement on a synced DuckDB file and returns its result as an aligned text table
 * (or JSON lines): a look into the file with the DuckDB the package already has, no other tool.
 */
export async function runQuery(
  db: string,
  sql: string,
  format: "table" | "json" = "table",
): Promise<{ text: string; rows: number; warning?: string }> {
  if (!existsSync(db)) throw new ConfigError(`No database at '${db}'; run sync --to duckdb:${db} first.`);
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    // Looking is fine; the person is told what they look at.
    const unmerged = await warehouse.unmerged();
    const warning = unmerged.length > 0 ? `WARNING: ${unmergedMessage(db, unmerged)}` : undefined;
    let reader: Awaited<ReturnType<typeof warehouse.connection.runAndReadAll>>;
    try {
      reader = await warehouse.connection.runAndReadAll(sql);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      throw new ConfigError(`the query failed: ${message} (tables: SHOW TABLES; columns: DESCRIBE chats)`);
    }
    const names = reader.columnNames();
    const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
    if (format === "json") {
      const text = rows
        .map((row) => JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? Number(v) : v)))
        .join("\n");
      return { text: text ? `${text}\n` : "", rows: rows.length, warning };
    }
    const table = [names, ...rows.map((row) => names.map((name) => cell(row[name])))];
    const widths = names.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
    const numeric = names.map((name) =>
      rows.every((row) => row[name] === null || ["number", "bigint"].includes(typeof row[name])),
    );
    const line = (r: string[]) =>
      r
        .map((value, i) => (numeric[i] ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd();
    const text = [line(names), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)]
      .map((l) => `${l}\n`)
      .join("");
    return { text, rows: rows.length, warning };
  } finally {
    warehouse.close();
  }
}
