import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toAirbyteStream } from "../../src/engine/discover.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import type { RawRun } from "../helpers/cli.js";
import { accessTokenConfig, expectedRecords, supportConfig, withEmulator } from "../helpers/emulator.js";
import { asRow, query, runWarehouseCli, syncSetup, tableAsRecords } from "./helpers.js";

// `sync` with a config that has a `support` block loads the Support tables next to Chat's, and the
// join the connection is for (chats.zendesk_ticket_id = tickets.id) works on the file.

const schemas = new Map(
  supportStreams
    .map(toAirbyteStream)
    .map((s) => [s.name, s.json_schema as { properties: Record<string, { format?: string }> }]),
);

function dateTimeFields(stream: string): Set<string> {
  return new Set(
    Object.entries(schemas.get(stream)?.properties ?? {})
      .filter(([, p]) => p.format === "date-time")
      .map(([name]) => name),
  );
}

describe("sync --to duckdb with a support block", () => {
  let emulator: Emulator;
  let setup: ReturnType<typeof syncSetup>;
  let run: RawRun;
  const STREAMS = [
    "chats",
    "tickets",
    "users",
    "organizations",
    "groups",
    "tags",
    "ticket_comments",
    "satisfaction_ratings",
    "ticket_metric_events",
  ];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 31, chats: 300, support: { tickets: 700, users: 90 } });
    setup = syncSetup(emulator, supportConfig(emulator));
    run = await setup.sync(["--streams", STREAMS.join(",")]);
  }, 120_000);
  afterAll(() => emulator?.close());

  it("succeeds, prints nothing on stdout, and lists the Support tables in its summary", () => {
    expect(run.stderr).toContain("[sync] done");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    for (const stream of STREAMS)
      expect(run.stderr).toMatch(new RegExp(`\\[sync\\]   ${stream} +\\d+ +\\d+`));
  });

  it.each([
    "tickets",
    "users",
    "groups",
    "tags",
    "ticket_comments",
    "satisfaction_ratings",
    "ticket_metric_events",
  ])("%s: the table holds exactly the emulator's records, column for column", async (stream) => {
    const key = stream === "tags" ? "name" : "id";
    const columns = Object.keys(schemas.get(stream)?.properties ?? {}).sort();
    const rows = await tableAsRecords(setup.db, stream, key);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(columns);
    const expected = expectedRecords(emulator, stream)
      .map((record) => asRow(record, columns, dateTimeFields(stream)))
      .sort((a, b) => String(a[key]).localeCompare(String(b[key])));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows).toEqual(expected);
  });

  it("chats.zendesk_ticket_id = tickets.id: every chat with a ticket finds it", async () => {
    const [joined] = await query(
      setup.db,
      `SELECT count(*) FILTER (WHERE c.zendesk_ticket_id IS NOT NULL) AS with_ticket,
              count(t.id) AS found
         FROM chats c LEFT JOIN tickets t ON t.id = c.zendesk_ticket_id`,
    );
    // Worked out from the emulator's data, not from the table: chats since the start date naming a
    // ticket, and of those the ones whose ticket the tickets stream reads (also since the start date).
    const ticketIds = new Set(expectedRecords(emulator, "tickets").map((t) => t.id));
    const chats = expectedRecords(emulator, "chats").filter((c) => c.zendesk_ticket_id != null);
    expect(chats.length).toBeGreaterThan(0);
    expect(joined?.with_ticket).toBe(BigInt(chats.length));
    expect(joined?.found).toBe(BigInt(chats.filter((c) => ticketIds.has(c.zendesk_ticket_id)).length));
  });

  it("the README's worked join runs on the file: one row per chat with a live ticket, its requester found", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("The join, in the DuckDB file"));
    const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
    expect(sql).toBeDefined();
    const rows = await query(setup.db, (sql as string).trim().replace(/;$/, ""));
    const tickets = new Map(expectedRecords(emulator, "tickets").map((t) => [t.id, t]));
    const linked = expectedRecords(emulator, "chats").filter((c) => {
      const ticket = tickets.get(c.zendesk_ticket_id);
      return ticket !== undefined && ticket.status !== "deleted";
    });
    expect(linked.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.chat_id).sort()).toEqual(linked.map((c) => c.id).sort());
    // Users are reference data, read in full: every requester is there.
    expect(rows.filter((r) => r.requester_email === null)).toEqual([]);
  });

  it("a Chat-only config naming a Support table in --streams: a one-line error saying to add a support block", async () => {
    const chatOnly = syncSetup(emulator, accessTokenConfig(emulator));
    const failed = await runWarehouseCli(emulator, [
      "sync",
      "--config",
      chatOnly.config,
      "--to",
      `duckdb:${chatOnly.db}`,
      "--streams",
      "chats,tickets",
    ]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^source-zendesk-chat sync: Stream 'tickets' is a Zendesk Support table: add a 'support' block/,
      ),
    ]);
  });
});
