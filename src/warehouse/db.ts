import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ConfigError } from "../protocol/errors.js";
import { type Column, ident, literal } from "./columns.js";
import type { SpoolFile } from "./spool.js";

export const STATE_TABLE = "_airbyte_state";
export const SYNCS_TABLE = "_airbyte_syncs";
export const ACCOUNT_TABLE = "_airbyte_account";
/** Tables holding rows appended since their last de-duplication (see `Warehouse.append`). */
export const UNMERGED_TABLE = "_airbyte_unmerged";
const STAGING_PREFIX = "_airbyte_staging_";

/** How one stream lands in the database. */
export interface TableSpec {
  stream: string;
  columns: Column[];
  primaryKey: string[];
  /** The cursor column for incremental streams: the newest value wins among rows with one key. */
  cursor?: string;
}

/** The Zendesk account a file holds: its Chat subdomain, and its Support one when Support is synced. */
export interface Account {
  chat: string;
  support?: string;
}

/** What a file with rows not yet de-duplicated (see Warehouse.unmerged) means, and what to do. */
export function unmergedMessage(path: string, tables: string[]): string {
  return `'${path}' holds a sync that was stopped before it finished (${tables.join(", ")} may hold older versions of some rows): run the same sync command again to finish it.`;
}

/** The spec's cursor, when its table has that column. */
export function cursorColumn(spec: TableSpec): string | undefined {
  return spec.cursor && spec.columns.some((c) => c.name === spec.cursor) ? spec.cursor : undefined;
}

/** DuckDB's default largest JSON object (16 MiB): enough for any record seen so far. */
const JSON_OBJECT_BYTES = 16 * 1024 * 1024;

/**
 * A file that exists but is not a DuckDB database (a config.json given as --db, say): refused before
 * DuckDB sees it. A DuckDB file has the magic "DUCK" at byte 8.
 */
function refuseNonDuckDbFile(path: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory())
      throw new ConfigError(`'${path}' is a directory, not a DuckDB file; give the path of a file.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return; // no file yet: DuckDB creates it
  }
  const head = Buffer.alloc(12);
  if (size > 0) {
    const fd = openSync(path, "r");
    try {
      readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
  }
  if (size === 0 || head.subarray(8, 12).toString("latin1") !== "DUCK") {
    throw new ConfigError(
      `'${path}' is not a DuckDB file${size === 0 ? " (it is empty)" : ""}; give the file written by sync --to duckdb:FILE (e.g. zendesk.duckdb).`,
    );
  }
}

/** A DuckDB file holding the synced streams, their state and a log of syncs. */
export class Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /** `readOnly`: for query and report, which look at the data and must never change it. */
  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Warehouse> {
    if (!options.readOnly) mkdirSync(dirname(path), { recursive: true });
    refuseNonDuckDbFile(path);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: "READ_ONLY" } : {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/Could not set lock/i.test(message)) {
        throw new ConfigError(
          `'${path}' is in use by another process (a sync still running into it?); DuckDB lets one process at a time open it: try again once that sync has ended.`,
        );
      }
      throw new ConfigError(`Cannot open '${path}' as a DuckDB file: ${message.split("\n")[0]}`);
    }
    const connection = await instance.connect();
    // Weeks and days are UTC ones, whatever the machine's time zone.
    await connection.run("SET TimeZone = 'UTC'");
    return new Warehouse(instance, connection);
  }

  /** Settings for sync's loading (not for query and report, which only read the file). */
  async tuneForLoading(): Promise<void> {
    // Each checkpoint's COMMIT appends to the write-ahead log (durable: a killed sync replays it on the
    // next open); folding the log into the file every 16 MB (DuckDB's default) made COMMITs a
    // quarter of a sync's time. Until it is folded in, what the log holds is held in memory too: at
    // 1 GB a sync of 200,000 chats peaked at 2.0 GB, at 256 MB at 1.2 GB, as fast.
    await this.connection.run("SET checkpoint_threshold = '256MB'");
    // A checkpoint's batch is a page or so of records, loaded while the read runs in its own process:
    // one thread loads it faster than a pool that mostly waits on itself (on 2 shared cores a sync
    // of 20k chats took 41 s with DuckDB's default threads, 29 s with one).
    await this.connection.run("SET threads = 1");
    // A fixed memory budget: what DuckDB holds beyond it (written blocks, a sort) it evicts or spills
    // to a temp folder beside the file. With DuckDB's default (80 % of the machine), a sync of 200,000
    // chats peaked at 1.1 GB; at 256 MB, 0.6 GB and as fast; at 128 MB, 0.5 GB and 20 % slower. (Back
    // when tables had a primary-key index, which stays in memory, 256 MB ended that sync with "Out
    // of Memory".)
    await this.connection.run("SET memory_limit = '256MB'");
  }

  /**
   * Once the read has ended, DuckDB has the machine to itself: the last checkpoints, the
   * de-duplication and the final fold of the log into the file use every core.
   */
  async useAllCores(): Promise<void> {
    // A connection of its own: the sync's may be loading a checkpoint (the setting is the database's).
    const connection = await this.instance.connect();
    try {
      await connection.run("RESET threads");
    } finally {
      connection.closeSync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  async init(): Promise<void> {
    await this.connection.run(
      `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (stream VARCHAR PRIMARY KEY, state JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
    );
    await this.connection.run(
      `CREATE TABLE IF NOT EXISTS ${SYNCS_TABLE} (started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR, streams JSON, rows_written JSON, message VARCHAR)`,
    );
    await this.connection.run(
      `CREATE TABLE IF NOT EXISTS ${UNMERGED_TABLE} (stream VARCHAR PRIMARY KEY, primary_key JSON NOT NULL, cursor VARCHAR, since TIMESTAMPTZ NOT NULL)`,
    );
    // Staging tables of a sync that did not finish are never visible data: drop them.
    for (const row of await this.rows(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '${STAGING_PREFIX}%'`,
    )) {
      await this.connection.run(`DROP TABLE IF EXISTS ${ident(String(row.table_name))}`);
    }
  }

  /** The account the file holds, or undefined for a new file (or one from before accounts were kept). */
  async account(): Promise<Account | undefined> {
    await this.connection.run(
      `CREATE TABLE IF NOT EXISTS ${ACCOUNT_TABLE} (chat_subdomain VARCHAR NOT NULL, support_subdomain VARCHAR, recorded_at TIMESTAMPTZ NOT NULL)`,
    );
    const row = (await this.rows(`SELECT chat_subdomain, support_subdomain FROM ${ACCOUNT_TABLE}`))[0];
    if (!row) return undefined;
    return {
      chat: String(row.chat_subdomain),
      ...(row.support_subdomain == null ? {} : { support: String(row.support_subdomain) }),
    };
  }

  async saveAccount(account: Account): Promise<void> {
    await this.connection.run(`DELETE FROM ${ACCOUNT_TABLE}`);
    await this.connection.run(`INSERT INTO ${ACCOUNT_TABLE} VALUES (?, ?, now())`, [
      account.chat,
      account.support ?? null,
    ]);
  }

  /** Drops every table of synced data and every state: the file is to hold another account. */
  async dropAllData(): Promise<void> {
    for (const row of await this.rows(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_airbyte\\_%' ESCAPE '\\'`,
    )) {
      await this.connection.run(`DROP TABLE IF EXISTS ${ident(String(row.table_name))}`);
    }
    await this.connection.run(`DELETE FROM ${STATE_TABLE}`);
    await this.connection.run(`DELETE FROM ${UNMERGED_TABLE}`);
    this.ensured.clear();
  }

  async states(): Promise<Map<string, unknown>> {
    const rows = await this.rows(`SELECT stream, state::VARCHAR AS state FROM ${STATE_TABLE}`);
    return new Map(rows.map((row) => [String(row.stream), JSON.parse(String(row.state))]));
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.rows(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${literal(name)}`,
    );
    return rows.length > 0;
  }

  /** Tables ensureTable() has made match their spec in this process: checked once per sync. */
  private readonly ensured = new Set<string>();

  /** Creates the table, or adds the columns the schema has gained since it was created. */
  async ensureTable(name: string, spec: TableSpec): Promise<void> {
    if (this.ensured.has(name)) return;
    await this.ensureTableNow(name, spec);
    this.ensured.add(name);
  }

  private async ensureTableNow(name: string, spec: TableSpec): Promise<void> {
    if (!(await this.tableExists(name))) {
      // No PRIMARY KEY constraint: rows are appended and de-duplicated once a sync (see append());
      // the key's columns are NOT NULL.
      const columns = [
        ...spec.columns.map(
          (c) => `${ident(c.name)} ${c.sqlType}${spec.primaryKey.includes(c.name) ? " NOT NULL" : ""}`,
        ),
        "_airbyte_extracted_at TIMESTAMPTZ",
      ];
      await this.connection.run(`CREATE TABLE ${ident(name)} (${columns.join(", ")})`);
      return;
    }
    await this.dropKeyConstraint(name);
    const existing = new Set(
      (
        await this.rows(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ${literal(name)}`,
        )
      ).map((r) => String(r.column_name)),
    );
    for (const column of spec.columns) {
      if (!existing.has(column.name)) {
        await this.connection.run(
          `ALTER TABLE ${ident(name)} ADD COLUMN ${ident(column.name)} ${column.sqlType}`,
        );
      }
    }
  }

  /**
   * A table made by a version that declared its primary key (and merged through its index) is
   * rebuilt without the constraint, once: appending a newer version of a row would break it.
   */
  private async dropKeyConstraint(name: string): Promise<void> {
    const keyed = await this.rows(
      `SELECT 1 FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = ${literal(name)} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`,
    );
    if (keyed.length === 0) return;
    const rebuilt = ident(`${name}_airbyte_rebuilt`);
    await this.connection.run(`CREATE TABLE ${rebuilt} AS SELECT * FROM ${ident(name)}`);
    await this.connection.run(`DROP TABLE ${ident(name)}`);
    await this.connection.run(`ALTER TABLE ${rebuilt} RENAME TO ${ident(name)}`);
  }

  stagingName(stream: string): string {
    return `${STAGING_PREFIX}${stream}`;
  }

  async createStaging(spec: TableSpec): Promise<void> {
    this.ensured.delete(this.stagingName(spec.stream));
    await this.connection.run(`DROP TABLE IF EXISTS ${ident(this.stagingName(spec.stream))}`);
    await this.ensureTable(this.stagingName(spec.stream), spec);
  }

  /**
   * Appends the records of a file taken from a spool to `table`, in the order read, and removes the
   * file. DuckDB reads the NDJSON itself (one parse, typed columns from the schema). Runs inside the
   * caller's transaction. A table with a primary key may then hold older versions of a row until
   * deduplicate() runs: appending costs the batch alone, where merging each checkpoint through a
   * key index (INSERT … ON CONFLICT) made DuckDB's work twice the size and its index grow in memory.
   */
  async append(table: string, spec: TableSpec, file: SpoolFile | undefined): Promise<void> {
    if (file === undefined) return;
    try {
      // DuckDB's JSON reader holds a buffer of twice its largest object: sized to the file's longest
      // line (a fixed 1 GiB wanted 2 GiB whatever the records).
      const objectBytes = Math.max(JSON_OBJECT_BYTES, file.longestLine + 1);
      const fields = spec.columns.map((c) => `${ident(c.name)} ${c.sqlType === "JSON" ? "JSON" : "VARCHAR"}`);
      const record = [
        ...(fields.length > 0 ? [`data STRUCT(${fields.join(", ")})`] : []),
        "emitted_at BIGINT",
      ];
      // `records = true`: each line is one object whose keys are the columns. Left to detect it
      // ('auto'), DuckDB looked into the nested data of every file first: 5k chats took 0.5 s to load,
      // 0.08 s with it said.
      const source = `read_json(${literal(file.path)}, format = 'newline_delimited', records = true, maximum_object_size = ${objectBytes}, columns = {record: ${literal(`STRUCT(${record.join(", ")})`)}})`;
      const values = [
        ...spec.columns.map((c) => {
          const value = `record.data.${ident(c.name)}`;
          return c.sqlType === "JSON" || c.sqlType === "VARCHAR" ? value : `CAST(${value} AS ${c.sqlType})`;
        }),
        "make_timestamptz(record.emitted_at * 1000)",
      ];
      const names = [...spec.columns.map((c) => ident(c.name)), "_airbyte_extracted_at"];
      await this.connection.run(
        `INSERT INTO ${ident(table)} (${names.join(", ")}) SELECT ${values.join(", ")} FROM ${source}`,
      );
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  /**
   * Records that `table` holds rows appended since `since` (ms) that deduplicate() has not yet
   * seen: committed with them, so a sync killed before it de-duplicates leaves the note, and the
   * next sync (settle()) finishes the work. Runs inside the caller's transaction.
   */
  async noteUnmerged(table: string, spec: TableSpec, since: number): Promise<void> {
    if (spec.primaryKey.length === 0) return;
    await this.connection.run(
      `INSERT INTO ${UNMERGED_TABLE} VALUES (?, CAST(? AS JSON), ?, make_timestamptz(CAST(? AS BIGINT) * 1000)) ON CONFLICT (stream) DO UPDATE SET since = least(${UNMERGED_TABLE}.since, EXCLUDED.since)`,
      [table, JSON.stringify(spec.primaryKey), cursorColumn(spec) ?? null, since],
    );
  }

  /**
   * Keeps one row per primary key, Airbyte's append_dedup rule: the newest cursor (a row without
   * one ranks below any with one), then the latest `_airbyte_extracted_at`, then the later appended.
   * Only keys that have a row extracted at or after `since` (ms) are looked at; without `since`,
   * every key. Runs inside the caller's transaction.
   */
  async deduplicate(table: string, primaryKey: string[], cursor: string | undefined, since?: number) {
    if (primaryKey.length === 0) return;
    const target = ident(table);
    const key = primaryKey.map(ident).join(", ");
    const order = [
      ...(cursor ? [`${ident(cursor)} DESC NULLS LAST`] : []),
      "_airbyte_extracted_at DESC",
      "rowid DESC",
    ].join(", ");
    const touched =
      since === undefined
        ? ""
        : ` WHERE (${key}) IN (SELECT (${key}) FROM ${target} WHERE _airbyte_extracted_at >= make_timestamptz(CAST(${Math.floor(since)} AS BIGINT) * 1000))`;
    await this.connection.run(
      `DELETE FROM ${target} WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY ${key} ORDER BY ${order}) AS version FROM ${target}${touched}) WHERE version > 1)`,
    );
  }

  /** The tables with rows not yet de-duplicated (a sync stopped before it finished). */
  async unmerged(): Promise<string[]> {
    if (!(await this.tableExists(UNMERGED_TABLE))) return [];
    return (await this.rows(`SELECT stream FROM ${UNMERGED_TABLE} ORDER BY stream`)).map((r) =>
      String(r.stream),
    );
  }

  /** De-duplicates every table noted by noteUnmerged(), each with its note in one transaction. */
  async settle(): Promise<string[]> {
    const notes = await this.rows(
      `SELECT stream, primary_key::VARCHAR AS primary_key, cursor, epoch_ms(since) AS since FROM ${UNMERGED_TABLE}`,
    );
    for (const note of notes) {
      const table = String(note.stream);
      await this.transaction(async () => {
        if (await this.tableExists(table)) {
          await this.deduplicate(
            table,
            JSON.parse(String(note.primary_key)) as string[],
            note.cursor == null ? undefined : String(note.cursor),
            Number(note.since),
          );
        }
        await this.connection.run(`DELETE FROM ${UNMERGED_TABLE} WHERE stream = ?`, [table]);
      });
    }
    return notes.map((note) => String(note.stream));
  }

  async saveState(stream: string, state: unknown): Promise<void> {
    await this.connection.run(`INSERT OR REPLACE INTO ${STATE_TABLE} VALUES (?, CAST(? AS JSON), now())`, [
      stream,
      JSON.stringify(state),
    ]);
  }

  async deleteState(stream: string): Promise<void> {
    await this.connection.run(`DELETE FROM ${STATE_TABLE} WHERE stream = ?`, [stream]);
  }

  /** Replaces the stream's table by its staging table. Runs inside the caller's transaction. */
  async swapIn(spec: TableSpec): Promise<void> {
    this.ensured.delete(spec.stream);
    this.ensured.delete(this.stagingName(spec.stream));
    await this.connection.run(`DROP TABLE IF EXISTS ${ident(spec.stream)}`);
    await this.connection.run(
      `ALTER TABLE ${ident(this.stagingName(spec.stream))} RENAME TO ${ident(spec.stream)}`,
    );
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run("BEGIN TRANSACTION");
    try {
      const result = await work();
      await this.connection.run("COMMIT");
      return result;
    } catch (error) {
      await this.connection.run("ROLLBACK").catch(() => {});
      // A table created in the rolled-back transaction is gone: check again next time.
      this.ensured.clear();
      throw error;
    }
  }

  async count(table: string): Promise<number> {
    const rows = await this.rows(`SELECT count(*) AS n FROM ${ident(table)}`);
    return Number(rows[0]?.n ?? 0);
  }
}
