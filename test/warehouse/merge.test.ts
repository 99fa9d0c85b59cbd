import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Spool, type SpoolFile, type TableSpec, Warehouse } from "../../src/warehouse/db.js";

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

describe("Warehouse.merge (append_dedup at a checkpoint)", () => {
  let dir: string;
  let warehouse: Warehouse;
  let spool: Spool;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "zdc-merge-"));
    warehouse = await Warehouse.open(join(dir, "m.duckdb"));
    await warehouse.ensureTable(spec.stream, spec);
    spool = new Spool(join(dir, "spool"));
  });
  afterEach(() => {
    spool.close();
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const batch = async (...records: Record<string, unknown>[]) => {
    for (const record of records) spool.add(JSON.stringify(record), 1_700_000_000_000);
    await warehouse.transaction(() => warehouse.merge(spec.stream, spec, spool.take()));
  };
  const table = async () =>
    (await warehouse.rows(`SELECT id, updated, v FROM items ORDER BY id`)).map((r) => [
      Number(r.id),
      r.updated === null ? null : Number(r.updated),
      r.v,
    ]);

  it("keeps per key the newest cursor within a batch, and the later record on equal cursors", async () => {
    await batch(
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

  it("across checkpoints: an existing row with a strictly newer cursor stays; equal, newer or null cursors replace it", async () => {
    await batch(
      { id: 1, updated: 10, v: "kept" },
      { id: 2, updated: 10, v: "old" },
      { id: 3, updated: 10, v: "old" },
      { id: 4, updated: null, v: "old" },
      { id: 6, updated: 10, v: "old" },
    );
    await batch(
      { id: 1, updated: 9, v: "older: dropped" },
      { id: 2, updated: 10, v: "equal: replaces" },
      { id: 3, updated: 11, v: "newer: replaces" },
      { id: 4, updated: 1, v: "existing null: replaces" },
      { id: 5, updated: 1, v: "new key" },
      { id: 6, updated: null, v: "incoming null: replaces" },
    );
    expect(await table()).toEqual([
      [1, 10, "kept"],
      [2, 10, "equal: replaces"],
      [3, 11, "newer: replaces"],
      [4, 1, "existing null: replaces"],
      [5, 1, "new key"],
      [6, null, "incoming null: replaces"],
    ]);
  });

  it("loads a record longer than DuckDB's default largest JSON object (16 MiB): the reader is sized to the longest line", async () => {
    await warehouse.tuneForLoading();
    const long = "x".repeat(40 * 1024 * 1024);
    await batch({ id: 1, updated: 1, v: long }, { id: 2, updated: 1, v: "short" });
    const rows = await warehouse.rows("SELECT id, length(v) AS n FROM items ORDER BY id");
    expect(rows.map((r) => [Number(r.id), Number(r.n)])).toEqual([
      [1, long.length],
      [2, 5],
    ]);
  });

  it("removes each spool file once merged", async () => {
    spool.add(JSON.stringify({ id: 1, updated: 1, v: "x" }), 1);
    const file = spool.take();
    expect(file).toBeDefined();
    await warehouse.transaction(() => warehouse.merge(spec.stream, spec, file));
    expect(existsSync((file as SpoolFile).path)).toBe(false);
  });
});
