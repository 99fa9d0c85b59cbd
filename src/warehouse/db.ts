import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ConfigError } from "../protocol/errors.js";
import { type Column, ident, literal } from "./columns.js";

export const STATE_TABLE = "_airbyte_state";
export const SYNCS_TABLE = "_airbyte_syncs";
export const ACCOUNT_TABLE = "_airbyte_account";
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

/** A file of spooled records, taken from a Spool: its path and its longest line (bytes). */
export interface SpoolFile {
  path: string;
  longestLine: number;
}

/**
 * A stream's records since its last checkpoint, spooled to an NDJSON file (one line
 * `{"s":seq,"t":emitted_at,"d":data}` a record) for DuckDB to load in bulk: memory stays flat.
 * Each checkpoint's records go to a file of their own, so the read can go on spooling the next
 * checkpoint's records while DuckDB is still loading the last one's.
 */
export class Spool {
  private fd: number | undefined;
  private chunks: string[] = [];
  private chunkChars = 0;
  private seq = 0;
  private files = 0;
  /** The longest line of the current file, in bytes: DuckDB's JSON reader is sized to it. */
  private longest = 0;
  /** Records spooled since the last take(). */
  count = 0;

  /** `prefix`: the files are `<prefix>-<n>.ndjson`. */
  constructor(private readonly prefix: string) {}

  add(json: string, emittedAt: number): void {
    const line = `{"s":${this.seq++},"t":${emittedAt},"d":${json}}\n`;
    this.chunks.push(line);
    this.chunkChars += line.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the exact size is counted only for a long line.
    if (line.length * 3 > this.longest) this.longest = Math.max(this.longest, Buffer.byteLength(line));
    this.count++;
    if (this.chunkChars >= 1 << 20) this.flush();
  }

  private path(): string {
    return `${this.prefix}-${this.files}.ndjson`;
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.fd ??= openSync(this.path(), "w");
    writeSync(this.fd, this.chunks.join(""));
    this.chunks = [];
    this.chunkChars = 0;
  }

  /**
   * The file holding the records spooled since the last take() (undefined if none), closed; the
   * spool goes on in a new file. The caller owns the file taken (and removes it once loaded).
   */
  take(): SpoolFile | undefined {
    if (this.count === 0) return undefined;
    this.flush();
    this.count = 0;
    const longestLine = this.longest;
    this.longest = 0;
    // Sequence numbers keep growing: a later file's records are later in the read.
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    const taken = this.path();
    this.files++;
    return { path: taken, longestLine };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.chunks = [];
    this.chunkChars = 0;
    this.count = 0;
    this.longest = 0;
  }
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
    // No memory limit of our own: the primary keys' indexes (ON CONFLICT merges through them) stay
    // in memory and grow with the tables, so a fixed limit ends a large sync with "Out of Memory"
    // (256 MB did, at 200,000 chats); DuckDB's default is 80 % of the machine's memory.
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
      const columns = [
        ...spec.columns.map(
          (c) => `${ident(c.name)} ${c.sqlType}${spec.primaryKey.includes(c.name) ? " NOT NULL" : ""}`,
        ),
        "_airbyte_extracted_at TIMESTAMPTZ",
      ];
      if (spec.primaryKey.length > 0) columns.push(`PRIMARY KEY (${spec.primaryKey.map(ident).join(", ")})`);
      await this.connection.run(`CREATE TABLE ${ident(name)} (${columns.join(", ")})`);
      return;
    }
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

  stagingName(stream: string): string {
    return `${STAGING_PREFIX}${stream}`;
  }

  async createStaging(spec: TableSpec): Promise<void> {
    this.ensured.delete(this.stagingName(spec.stream));
    await this.connection.run(`DROP TABLE IF EXISTS ${ident(this.stagingName(spec.stream))}`);
    await this.ensureTable(this.stagingName(spec.stream), spec);
  }

  /**
   * Merges the records of a file taken from a spool into `table` (append_dedup): per primary key
   * the row with the newest cursor stays; on equal cursors the later record wins. Without a primary
   * key, rows are appended. DuckDB reads the NDJSON itself (one parse, typed columns from the
   * schema). Runs inside the caller's transaction; the file is removed.
   */
  async merge(table: string, spec: TableSpec, file: SpoolFile | undefined): Promise<void> {
    if (file === undefined) return;
    try {
      await this.load(table, spec, file);
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  private async load(table: string, spec: TableSpec, file: SpoolFile): Promise<void> {
    // DuckDB's JSON reader holds a buffer of twice its largest object: sized to the file's longest
    // line (a fixed 1 GiB wanted 2 GiB whatever the records).
    const objectBytes = Math.max(JSON_OBJECT_BYTES, file.longestLine + 1);
    const fields = spec.columns.map((c) => `${ident(c.name)} ${c.sqlType === "JSON" ? "JSON" : "VARCHAR"}`);
    const columns = [
      "s: 'BIGINT'",
      "t: 'BIGINT'",
      ...(fields.length > 0 ? [`d: ${literal(`STRUCT(${fields.join(", ")})`)}`] : []),
    ].join(", ");
    const source = `read_json(${literal(file.path)}, format = 'newline_delimited', maximum_object_size = ${objectBytes}, columns = {${columns}})`;
    const select = [
      ...spec.columns.map((c) => {
        const value = `d.${ident(c.name)}`;
        return `${c.sqlType === "JSON" || c.sqlType === "VARCHAR" ? value : `CAST(${value} AS ${c.sqlType})`} AS ${ident(c.name)}`;
      }),
      "make_timestamptz(t * 1000) AS _airbyte_extracted_at",
      "s AS _seq",
    ].join(", ");
    const names = [...spec.columns.map((c) => ident(c.name)), "_airbyte_extracted_at"].join(", ");
    const target = ident(table);
    if (spec.primaryKey.length === 0) {
      await this.connection.run(
        `INSERT INTO ${target} (${names}) SELECT ${names} FROM (SELECT ${select} FROM ${source})`,
      );
      return;
    }
    const pk = spec.primaryKey.map(ident);
    const cursor =
      spec.cursor && spec.columns.some((c) => c.name === spec.cursor) ? ident(spec.cursor) : undefined;
    const order = cursor ? `${cursor} DESC NULLS LAST, _seq DESC` : "_seq DESC";
    const winners = `SELECT ${names} FROM (SELECT ${select} FROM ${source}) QUALIFY row_number() OVER (PARTITION BY ${pk.join(", ")} ORDER BY ${order}) = 1`;
    // One statement through the primary key's index: the cost follows the batch, not the table (a
    // join against the whole table at every checkpoint made a long first sync quadratic).
    const updates = [...spec.columns.map((c) => ident(c.name)), "_airbyte_extracted_at"]
      .filter((name) => !pk.includes(name))
      .map((name) => `${name} = EXCLUDED.${name}`);
    // An existing row with a strictly newer cursor is kept; otherwise the incoming row replaces it.
    const keepNewer = cursor
      ? ` WHERE ${target}.${cursor} IS NULL OR EXCLUDED.${cursor} IS NULL OR ${target}.${cursor} <= EXCLUDED.${cursor}`
      : "";
    await this.connection.run(
      `INSERT INTO ${target} (${names}) ${winners} ON CONFLICT (${pk.join(", ")}) DO UPDATE SET ${updates.join(", ")}${keepNewer}`,
    );
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
