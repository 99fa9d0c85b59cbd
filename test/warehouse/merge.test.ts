import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TableSpec, Warehouse } from "../../src/warehouse/db.js";
import { Spool, type SpoolFile } from "../../src/warehouse/spool.js";

const spec: TableSpec = {
  stream: "items",
  columns: [
    { name: "id", sqlType: "BIGINT" },
    { name: "updated", sqlType: "BIGINT" },
    { name: "v", sqlType: "VARCHAR" },
  ],
  primaryKey: ["id"],
  cursor: "updated",
};

describe("Warehouse.append + settle (append_dedup: appended at each checkpoint, one row per key once settled)", () => {
  let dir: string;
  let warehouse: Warehouse;
  let spool: Spool;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "zdc-merge-"));
    warehouse = await Warehouse.open(join(dir, "m.duckdb"));
    await warehouse.init();
    await warehouse.ensureTable(spec.stream, spec);
    spool = new Spool(join(dir, "spool"));
  });
  afterEach(() => {
    spool.close();
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One checkpoint, as sync commits it: the records appended and the table noted as unmerged. */
  const batch = async (emittedAt: number, ...records: Record<string, unknown>[]) => {
    for (const record of records) spool.add(JSON.stringify(record), emittedAt);
    const file = spool.take();
    await warehouse.transaction(async () => {
      if (file) await warehouse.noteUnmerged(spec.stream, spec, file.earliest);
      await warehouse.append(spec.stream, spec, file);
    });
  };
  const rows = async () =>
    (await warehouse.rows(`SELECT id, updated, v FROM items ORDER BY id, v`)).map((r) => [
      Number(r.id),
      r.updated === null ? null : Number(r.updated),
      r.v,
    ]);
  const table = async () => {
    await warehouse.settle();
    return rows();
  };
  const T = 1_700_000_000_000;

  it("keeps per key the newest cursor within a batch, and the later record on equal cursors", async () => {
    await batch(
      T,
      { id: 1, updated: 5, v: "a5" },
      { id: 1, updated: 3, v: "a3" },
      { id: 2, updated: 7, v: "b7 first" },
      { id: 2, updated: 7, v: "b7 second" },
    );
    expect(await table()).toEqual([
      [1, 5, "a5"],
      [2, 7, "b7 second"],
    ]);
  });

  it("across checkpoints: a row with a strictly newer cursor stays; an equal or newer cursor replaces it; a null cursor ranks below any", async () => {
    await batch(
      T,
      { id: 1, updated: 10, v: "kept" },
      { id: 2, updated: 10, v: "old" },
      { id: 3, updated: 10, v: "old" },
      { id: 4, updated: null, v: "old" },
      { id: 6, updated: 10, v: "old" },
    );
    await batch(
      T + 1000,
      { id: 1, updated: 9, v: "older: dropped" },
      { id: 2, updated: 10, v: "equal: replaces" },
      { id: 3, updated: 11, v: "newer: replaces" },
      { id: 4, updated: 1, v: "existing null: replaces" },
      { id: 5, updated: 1, v: "new key" },
      { id: 6, updated: null, v: "incoming null: dropped" },
    );
    // Until settled, both versions are there: appending costs the batch alone.
    expect((await rows()).length).toBe(11);
    expect(await warehouse.unmerged()).toEqual(["items"]);
    expect(await table()).toEqual([
      [1, 10, "kept"],
      [2, 10, "equal: replaces"],
      [3, 11, "newer: replaces"],
      [4, 1, "existing null: replaces"],
      [5, 1, "new key"],
      [6, 10, "old"],
    ]);
    expect(await warehouse.unmerged()).toEqual([]);
  });

  it("on equal cursors the later extraction wins, whatever the order appended; only keys appended since the note are looked at", async () => {
    await batch(T + 5000, { id: 1, updated: 1, v: "extracted later" }, { id: 2, updated: 1, v: "b" });
    await batch(T, { id: 1, updated: 1, v: "extracted earlier" });
    expect(await table()).toEqual([
      [1, 1, "extracted later"],
      [2, 1, "b"],
    ]);
    // Rows older than every note are left as they are: a settle looks at the keys appended since.
    await warehouse.connection.run(
      `INSERT INTO items VALUES (3, 1, 'x', make_timestamptz(${T - 10_000} * 1000))`,
    );
    await warehouse.connection.run(
      `INSERT INTO items VALUES (3, 1, 'y', make_timestamptz(${T - 10_000} * 1000))`,
    );
    await batch(T + 9000, { id: 2, updated: 2, v: "b2" });
    expect(await table()).toEqual([
      [1, 1, "extracted later"],
      [2, 2, "b2"],
      [3, 1, "x"],
      [3, 1, "y"],
    ]);
  });

  it("a table from a version that declared its primary key is rebuilt without it, its rows kept", async () => {
    await warehouse.connection.run("DROP TABLE items");
    await warehouse.connection.run(
      "CREATE TABLE items (id BIGINT NOT NULL, updated BIGINT, v VARCHAR, _airbyte_extracted_at TIMESTAMPTZ, PRIMARY KEY (id))",
    );
    await warehouse.connection.run("INSERT INTO items VALUES (1, 1, 'old', now()), (2, 1, 'kept', now())");
    const reopened = join(dir, "m.duckdb");
    warehouse.close();
    warehouse = await Warehouse.open(reopened);
    await warehouse.init();
    await warehouse.ensureTable(spec.stream, spec);
    await batch(Date.now() + 60_000, { id: 1, updated: 2, v: "new" });
    expect(await table()).toEqual([
      [1, 2, "new"],
      [2, 1, "kept"],
    ]);
    const keys = await warehouse.rows(
      "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'items' AND constraint_type = 'PRIMARY KEY'",
    );
    expect(keys).toEqual([]);
  });

  it("loads a record longer than DuckDB's default largest JSON object (16 MiB): the reader is sized to the longest line", async () => {
    await warehouse.tuneForLoading();
    const long = "x".repeat(40 * 1024 * 1024);
    await batch(T, { id: 1, updated: 1, v: long }, { id: 2, updated: 1, v: "short" });
    const rows = await warehouse.rows("SELECT id, length(v) AS n FROM items ORDER BY id");
    expect(rows.map((r) => [Number(r.id), Number(r.n)])).toEqual([
      [1, long.length],
      [2, 5],
    ]);
  });

  it("removes each spool file once appended", async () => {
    spool.add(JSON.stringify({ id: 1, updated: 1, v: "x" }), 1);
    const file = spool.take();
    expect(file).toBeDefined();
    await warehouse.transaction(() => warehouse.append(spec.stream, spec, file));
    expect(existsSync((file as SpoolFile).path)).toBe(false);
  });
});
