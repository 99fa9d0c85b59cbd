import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { discover } from "../../src/connector/connector.js";
import { tempDir } from "../helpers/cli.js";
import { expectedRecords, type StreamName, withEmulator } from "../helpers/emulator.js";
import { asRow, query, syncSetup, tableAsRecords } from "./helpers.js";

const schemas = new Map(
  discover().streams.map((s) => [
    s.name,
    s.json_schema as { properties: Record<string, { format?: string }> },
  ]),
);

function dateTimeFields(stream: string): Set<string> {
  const properties = schemas.get(stream)?.properties ?? {};
  return new Set(
    Object.entries(properties)
      .filter(([, p]) => p.format === "date-time")
      .map(([name]) => name),
  );
}

/** The table holds exactly the emulator's current records of the stream, field for field. */
async function expectTableEqualsEmulator(db: string, emulator: Emulator, stream: StreamName, key = "id") {
  const rows = await tableAsRecords(db, stream, key);
  const columns = Object.keys(schemas.get(stream)?.properties ?? {}).sort();
  expect(Object.keys(rows[0] ?? {}).sort()).toEqual(columns);
  const expected = expectedRecords(emulator, stream)
    .map((record) => asRow(record, columns, dateTimeFields(stream)))
    .sort((a, b) => String(a[key]).localeCompare(String(b[key])));
  expect(rows.length).toBe(expected.length);
  expect(rows).toEqual(expected);
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("sync --to duckdb", () => {
  it("loads every stream with typed columns; row counts and contents equal the emulator's data", async () => {
    emulator = await withEmulator({ seed: 7, chats: 400 });
    const setup = syncSetup(emulator);
    const run = await setup.sync();
    expect(run.stderr).toContain("[sync] done");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");

    for (const stream of ["agents", "departments", "chats", "agent_timeline", "bans", "roles"] as const) {
      await expectTableEqualsEmulator(setup.db, emulator, stream);
    }
    const counts = await query(
      setup.db,
      "SELECT (SELECT count(*) FROM skills) AS skills, (SELECT count(*) FROM triggers) AS triggers, (SELECT count(*) FROM routing_settings) AS routing",
    );
    expect(counts[0]).toEqual({
      skills: BigInt([...emulator.records("skills")].length),
      triggers: BigInt([...emulator.records("triggers")].length),
      routing: 1n,
    });
    const types = await query(
      setup.db,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'chats' AND column_name IN ('duration', 'missed', 'timestamp', 'history', 'id', 'response_time') ORDER BY column_name",
    );
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.data_type]))).toEqual({
      duration: "BIGINT",
      missed: "BOOLEAN",
      timestamp: "TIMESTAMP WITH TIME ZONE",
      history: "JSON",
      id: "VARCHAR",
      response_time: "JSON",
    });
    const state = await query(setup.db, "SELECT stream FROM _airbyte_state ORDER BY stream");
    expect(state.map((s) => s.stream)).toEqual(
      expect.arrayContaining(["agent_timeline", "agents", "bans", "chats"]),
    );
  });

  it("a second sync after changes is incremental and leaves exactly the current data (dedup on the primary key)", async () => {
    emulator = await withEmulator({ seed: 8, chats: 300 });
    const setup = syncSetup(emulator);
    expect((await setup.sync()).exitCode).toBe(0);
    emulator.advance({ seconds: 3600, newChats: 20, updatedChats: 10, newAgents: 2 });
    const second = await setup.sync();
    expect(second.exitCode).toBe(0);
    // Incremental: only the new and updated chats were read again.
    const read = /chats\s+(\d+)\s+(\d+)/.exec(second.stderr.split("records read")[1] ?? "");
    expect(Number(read?.[1])).toBe(30);
    expect(Number(read?.[2])).toBe(320);
    await expectTableEqualsEmulator(setup.db, emulator, "chats");
    await expectTableEqualsEmulator(setup.db, emulator, "agents");
    const dupes = await query(setup.db, "SELECT count(*) - count(DISTINCT id) AS d FROM chats");
    expect(dupes[0]?.d).toBe(0n);
  });

  it("a sync killed mid-way keeps its committed checkpoints; the rerun loses nothing and duplicates nothing", async () => {
    emulator = await withEmulator({ seed: 9, chats: 3000 });
    const setup = syncSetup(emulator);
    emulator.faults.add({ kind: "slow", endpoint: "incremental/chats", delayMs: 300, every: 1 });
    const killed = await setup.sync(
      ["--streams", "agents,chats,departments", "--progress-every", "0.2"],
      (stderr, child) => {
        // Killed once the progress line says a checkpoint of chats is committed ("chats 1,200 (1,000 saved)").
        const saved = [...stderr.matchAll(/\bchats [\d,/~]+ \(([\d,]+) saved\)/g)].map((m) =>
          Number(m[1]?.replaceAll(",", "")),
        );
        if ((saved.at(-1) ?? 0) > 0 && !child.killed) child.kill("SIGKILL");
      },
      // Killed, the sync cannot remove its temp folder: it is made in one of the test's own.
      { TMPDIR: tempDir() },
    );
    expect(killed.signal).toBe("SIGKILL");
    const partial = Number((await query(setup.db, "SELECT count(*) AS n FROM chats"))[0]?.n);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(3000);
    const state = await query(
      setup.db,
      "SELECT CAST(state AS VARCHAR) AS s FROM _airbyte_state WHERE stream = 'chats'",
    );
    expect(state).toHaveLength(1);
    // Killed before it de-duplicated: the file says so. report refuses it, query warns.
    const unmerged = await query(setup.db, "SELECT stream FROM _airbyte_unmerged ORDER BY stream");
    expect(unmerged.map((row) => row.stream)).toContain("chats");
    const { runWarehouseCli } = await import("./helpers.js");
    const report = await runWarehouseCli(emulator, ["report", "--db", setup.db, "--out", `${setup.db}.html`]);
    expect(report.exitCode).toBe(1);
    expect(report.stderr.trim().split("\n")).toHaveLength(1);
    expect(report.stderr).toMatch(
      /holds a sync that was stopped before it finished \(.*chats.*\): run the same sync command again/,
    );
    const look = await runWarehouseCli(emulator, [
      "query",
      "--db",
      setup.db,
      "SELECT count(*) AS n FROM chats",
    ]);
    expect(look.exitCode).toBe(0);
    expect(look.stdout).toContain(String(partial));
    expect(look.stderr).toMatch(/^WARNING: .* holds a sync that was stopped before it finished/m);

    emulator.faults.clear();
    const rerun = await setup.sync(["--streams", "agents,chats,departments"]);
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stderr).toMatch(/the last sync was stopped before it de-duplicated .*chats.*: done now/);
    expect(await query(setup.db, "SELECT * FROM _airbyte_unmerged")).toEqual([]);
    await expectTableEqualsEmulator(setup.db, emulator, "chats");
    await expectTableEqualsEmulator(setup.db, emulator, "agents");
    await expectTableEqualsEmulator(setup.db, emulator, "departments");
    // The rerun resumed from the committed state instead of reading everything again.
    const read = /chats\s+(\d+)\s+(\d+)/.exec(rerun.stderr.split("records read")[1] ?? "");
    expect(Number(read?.[1])).toBeLessThan(3000);
  });

  it("--full-refresh replaces every table through staging and leaves no staging table", async () => {
    emulator = await withEmulator({ seed: 10, chats: 100 });
    const setup = syncSetup(emulator);
    expect((await setup.sync()).exitCode).toBe(0);
    const again = await setup.sync(["--full-refresh", "--streams", "chats,agents"]);
    expect(again.exitCode).toBe(0);
    await expectTableEqualsEmulator(setup.db, emulator, "chats");
    const staging = await query(
      setup.db,
      "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '_airbyte_staging_%'",
    );
    expect(staging).toEqual([]);
  });

  it("a bad --to is a one-line error on stderr, nothing on stdout", async () => {
    emulator = await withEmulator({ seed: 11, chats: 10 });
    const setup = syncSetup(emulator);
    const { runWarehouseCli } = await import("./helpers.js");
    const run = await runWarehouseCli(emulator, ["sync", "--config", setup.config, "--to", "postgres:x"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--to must be duckdb:<path>");
  });
});
