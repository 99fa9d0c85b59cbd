import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Emulator } from "../../emulator/index.js";
import { CLI, type RawRun, runRawProcess, tempDir, writeJsonFiles } from "../helpers/cli.js";
import { accessTokenConfig } from "../helpers/emulator.js";

export type SyncRun = RawRun;

/** Runs the built CLI's sync (or any command) against the emulator. */
export function runWarehouseCli(
  emulator: Emulator,
  args: string[],
  onStderr?: (text: string, child: ChildProcess) => void,
  env: Record<string, string | undefined> = {},
): Promise<SyncRun> {
  return runRawProcess(process.execPath, [CLI, ...args], {
    env: {
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
      ...env,
    },
    onStderr,
  });
}

/** A sync of the emulator into a fresh DuckDB file; `config` defaults to a Chat-only one. */
export function syncSetup(emulator: Emulator, config: unknown = accessTokenConfig(emulator)) {
  const files = writeJsonFiles({ config });
  const db = join(tempDir("zdc-duckdb-"), "zendesk.duckdb");
  return {
    config: files.config,
    db,
    sync: (
      extra: string[] = [],
      onStderr?: (text: string, child: ChildProcess) => void,
      env?: Record<string, string | undefined>,
    ) =>
      runWarehouseCli(
        emulator,
        ["sync", "--config", files.config, "--to", `duckdb:${db}`, ...extra],
        onStderr,
        env,
      ),
  };
}

/** Reads a query's rows from a DuckDB file (opened and closed for each call: a sync may follow). */
export async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  if (!existsSync(db)) throw new Error(`no database at ${db}`);
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * A table's rows in the records' own terms: timestamps as epoch milliseconds, JSON columns parsed,
 * integers as numbers; the loader's _airbyte_ columns left out. Sorted by `key`.
 */
export async function tableAsRecords(
  db: string,
  table: string,
  key: string,
): Promise<Record<string, unknown>[]> {
  const columns = await query(
    db,
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' AND column_name NOT LIKE '_airbyte_%' ORDER BY column_name`,
  );
  const select = columns.map(({ column_name: name, data_type: type }) => {
    const col = `"${String(name)}"`;
    if (type === "BIGINT") return `CAST(${col} AS DOUBLE) AS ${col}`;
    if (String(type).startsWith("TIMESTAMP")) return `epoch_ms(${col}) AS ${col}`;
    if (type === "JSON") return `CAST(${col} AS VARCHAR) AS ${col}`;
    return col;
  });
  const types = new Map(columns.map((c) => [String(c.column_name), String(c.data_type)]));
  const rows = await query(db, `SELECT ${select.join(", ")} FROM "${table}"`);
  return rows
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([name, value]) => {
          const type = types.get(name);
          if (value === null) return [name, null];
          if (type === "JSON") return [name, JSON.parse(String(value))];
          if (typeof value === "bigint") return [name, Number(value)];
          return [name, value];
        }),
      ),
    )
    .sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}

/** An emulator record as the table should hold it: only the table's columns, timestamps as epoch ms. */
export function asRow(
  record: Record<string, unknown>,
  columns: string[],
  dateTimes: Set<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    columns.map((name) => {
      const value = record[name];
      if (value === undefined || value === null) return [name, null];
      if (dateTimes.has(name)) return [name, Date.parse(String(value))];
      return [name, value];
    }),
  );
}
