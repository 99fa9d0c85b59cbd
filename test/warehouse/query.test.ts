import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { withEmulator } from "../helpers/emulator.js";
import { query, runWarehouseCli, syncSetup } from "./helpers.js";

let emulator: Emulator;
let db: string;

beforeAll(async () => {
  emulator = await withEmulator({ seed: 51, chats: 30 });
  const setup = syncSetup(emulator);
  const run = await setup.sync(["--streams", "chats,departments"]);
  expect(run.exitCode, run.stderr).toBe(0);
  db = setup.db;
});
afterAll(async () => {
  await emulator?.close();
});

describe("query --db FILE SQL", () => {
  it("prints the result as an aligned table on stdout, the row count on stderr", async () => {
    const departments = [...emulator.records("departments")]
      .map((d) => ({ id: Number(d.id), name: String(d.name) }))
      .sort((a, b) => a.id - b.id);
    const run = await runWarehouseCli(emulator, [
      "query",
      "--db",
      db,
      "SELECT id, name FROM departments ORDER BY id",
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe(`(${departments.length} rows)\n`);
    const idWidth = Math.max(2, ...departments.map((d) => String(d.id).length));
    const nameWidth = Math.max(4, ...departments.map((d) => d.name.length));
    expect(run.stdout).toBe(
      [
        `${"id".padStart(idWidth)}  name`,
        `${"-".repeat(idWidth)}  ${"-".repeat(nameWidth)}`,
        ...departments.map((d) => `${String(d.id).padStart(idWidth)}  ${d.name}`),
        "",
      ].join("\n"),
    );
  });

  it("--json prints JSON lines; the counts equal the table's", async () => {
    const run = await runWarehouseCli(emulator, [
      "query",
      "--db",
      db,
      "--json",
      "SELECT count(*) AS chats, count(DISTINCT id) AS ids FROM chats",
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([{ chats: 30, ids: 30 }]);
    expect(await query(db, "SELECT count(*) AS n FROM chats")).toEqual([{ n: 30n }]);
  });

  it("bad SQL is one line with DuckDB's reason and how to list the tables", async () => {
    const run = await runWarehouseCli(emulator, ["query", "--db", db, "SELECT * FROM chat"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^source-zendesk-chat query: the query failed: Catalog Error: Table with name chat does not exist!.* \(tables: SHOW TABLES; columns: DESCRIBE chats\)\n$/,
    );
  });

  it("never changes the file: a write statement is refused in one line, the table stays", async () => {
    const run = await runWarehouseCli(emulator, ["query", "--db", db, "DROP TABLE chats"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^source-zendesk-chat query: the query failed: .*read-only.*\n$/);
    expect(await query(db, "SELECT count(*) AS n FROM chats")).toEqual([{ n: 30n }]);
  });
});
