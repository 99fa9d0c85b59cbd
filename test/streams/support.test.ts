import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import { finalStates, type RunResult, runCli, writeJsonFiles } from "../helpers/cli.js";
import {
  accessTokenConfig,
  CURSOR,
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  readFrom,
  STREAM_NAMES,
  SUPPORT_INCREMENTAL_STREAMS,
  SUPPORT_STREAM_NAMES,
  supportConfig,
  unexpectedRequestLines,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";

describe("Zendesk Support tables: a full refresh next to Chat", () => {
  let emulator: Emulator;
  let run: RunResult;

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 21,
      chats: 400,
      support: { tickets: 2500, users: 1200, organizations: 1100 },
    });
    run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["chats", ...SUPPORT_STREAM_NAMES]),
    });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("exits 0 and makes no request the real API would not expect", () => {
    expect(run.stderr + run.logs("ERROR").join("\n")).toBe("");
    expect(run.exitCode).toBe(0);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it.each(SUPPORT_STREAM_NAMES)("%s: exactly the emulator's records, each once", (stream) => {
    const got = run.records(stream);
    const want = expectedRecords(emulator, stream);
    expect(got.length).toBe(want.length);
    const byKey = new Map(got.map((r) => [keyOf(stream, r), r]));
    expect(byKey.size).toBe(got.length);
    for (const record of want) expect(byKey.get(keyOf(stream, record))).toEqual(record);
  });
});

describe("Zendesk Support tables: incremental across syncs with changes in between", () => {
  let emulator: Emulator;
  let sync1: RunResult;
  let sync2: RunResult;
  let sync3: RunResult;
  let sync4: RunResult;
  let noOpRequests: Record<string, number> = {};
  let sync2Now = "";
  /**
   * Keys the API listed at the time of sync 1 or 2 but no longer lists at sync 3 (a deleted or
   * archived ticket's metrics and audits): a destination keeps them, the API cannot say they went.
   */
  const vanished = new Map<string, Set<string>>();
  /** The API's records when sync 3 ran (nothing changes until the test compares). */
  const atSync3 = new Map<string, Array<Record<string, unknown>>>();
  const catalog = catalogFor([...SUPPORT_STREAM_NAMES], "incremental");
  const unexpected: string[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 22,
      chats: 50,
      support: { tickets: 1800, users: 1300, organizations: 300 },
    });
    const config = supportConfig(emulator);
    sync1 = await readFrom(emulator, { config, catalog });
    const listed = new Map<string, Set<string>>(SUPPORT_STREAM_NAMES.map((s) => [s, new Set<string>()]));
    const noteListed = () => {
      for (const stream of SUPPORT_STREAM_NAMES)
        for (const record of expectedRecords(emulator, stream))
          listed.get(stream)?.add(keyOf(stream, record));
    };
    noteListed();
    emulator.advance({
      seconds: 3600,
      newTickets: 40,
      updatedTickets: 60,
      deletedTickets: 5,
      newUsers: 20,
      updatedUsers: 30,
      newOrganizations: 5,
      updatedOrganizations: 7,
      deletedOrganizations: 2,
      deletedGroups: 1,
    });
    noteListed();
    // The changes are spread up to the emulator's now: those of the last minute are left out of the
    // exports by the API, so sync 2 cannot see them and sync 3, an hour later, must.
    sync2Now = emulator.now().toISOString();
    sync2 = await readFrom(emulator, { config, catalog, state: finalStates(sync1) });
    emulator.advance({ seconds: 3600 });
    for (const stream of SUPPORT_STREAM_NAMES) {
      atSync3.set(stream, expectedRecords(emulator, stream));
      const now = new Set(atSync3.get(stream)?.map((r) => keyOf(stream, r)));
      vanished.set(stream, new Set([...(listed.get(stream) ?? [])].filter((k) => !now.has(k))));
    }
    sync3 = await readFrom(emulator, { config, catalog, state: finalStates(sync2) });
    emulator.advance({ seconds: 3600 });
    unexpected.push(...unexpectedRequestLines(emulator));
    emulator.resetStats();
    sync4 = await readFrom(emulator, { config, catalog, state: finalStates(sync3) });
    noOpRequests = emulator.stats().byEndpoint;
    unexpected.push(...unexpectedRequestLines(emulator));
  }, 180_000);
  afterAll(() => emulator?.close());

  it("every sync exits 0 without a request the real API would not expect", () => {
    for (const run of [sync1, sync2, sync3, sync4])
      expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    expect(unexpected).toEqual([]);
  });

  it.each(SUPPORT_STREAM_NAMES.filter((s) => s !== "tags"))(
    "%s: syncs 1–3 deduplicated on the key equal the API's current records (rows it no longer lists aside)",
    (stream) => {
      const merged = dedupMerge(stream, sync1, sync2, sync3);
      for (const key of vanished.get(stream) ?? []) merged.delete(key);
      const want = atSync3.get(stream) ?? [];
      expect(merged.size).toBe(want.length);
      // A deleted ticket's metric events turn `deleted: true` without their `time` moving: a time
      // cursor cannot see that (README), so that flag is left out of the comparison.
      const comparable = (r: Record<string, unknown> | undefined) =>
        stream === "ticket_metric_events" ? { ...r, deleted: undefined } : r;
      for (const record of want)
        expect(comparable(merged.get(keyOf(stream, record)))).toEqual(comparable(record));
    },
  );

  it("syncs 2 and 3 bring the changes, not the whole history again; the last minute's wait for sync 3", () => {
    const changed = (stream: string) => [...sync2.records(stream), ...sync3.records(stream)];
    // 40 new + 60 updated + 5 deleted tickets (some changed twice), each delivered once.
    expect(changed("tickets").length).toBeGreaterThanOrEqual(95);
    expect(changed("tickets").length).toBeLessThanOrEqual(105);
    expect(changed("tickets").filter((t) => t.status === "deleted").length).toBe(5);
    expect(changed("users").length).toBeLessThanOrEqual(50);
    expect(changed("organizations").filter((o) => o.deleted_at !== null).length).toBe(2);
    expect(changed("groups").filter((g) => g.deleted === true).length).toBe(1);
    // Changes of the minute before sync 2 came with sync 3, and only then.
    const minuteBefore = toEpochMicros(sync2Now) as number;
    const lastMinute = (t: Record<string, unknown>) =>
      (toEpochMicros(t.generated_timestamp) as number) > minuteBefore - 60e6;
    expect(sync2.records("tickets").filter(lastMinute)).toEqual([]);
    expect(sync3.records("tickets").filter(lastMinute).length).toBeGreaterThan(0);
  });

  it("a sync with nothing new emits nothing and reads each export once, each list once through", () => {
    // Incremental streams only: a full-refresh stream (tags, brands) is read whole every sync.
    // Time alone makes SLA breaches (a target passing unanswered): the only news of a quiet hour.
    const news = (stream: string) =>
      sync4.records(stream).filter((r) => stream !== "ticket_metric_events" || r.type !== "breach");
    for (const stream of SUPPORT_INCREMENTAL_STREAMS)
      expect([stream, news(stream).length]).toEqual([stream, 0]);
    // Twice: ticket_conversation_log reads the tickets export in a request sequence of its own.
    expect(noOpRequests["support/incremental/tickets/cursor"]).toBe(2);
    expect(noOpRequests["support/incremental/users/cursor"]).toBe(1);
    expect(noOpRequests["support/incremental/organizations"]).toBe(1);
    expect(noOpRequests["support/incremental/ticket_events"]).toBe(1);
    // The breaches the quiet hour made, then the page that brings nothing new (no end_of_stream here).
    expect(noOpRequests["support/incremental/ticket_metric_events"]).toBeLessThanOrEqual(2);
    // Newest first: the first page already reaches below the state.
    expect(noOpRequests["support/ticket_audits"]).toBe(1);
  });

  it("state never claims a record it did not emit: each stream's cursor is the newest value emitted", () => {
    for (const stream of SUPPORT_INCREMENTAL_STREAMS) {
      const field = CURSOR[stream] as string;
      // A child stream (ticket_chats…): an audit without a chat moves its cursor too (nothing up to
      // it is left to deliver), so its state is the newest parent record read, never past it.
      // A per-parent stream (ticket_conversation_log) likewise: its state is its parent's cursor.
      const definition = supportStreams.find((s) => s.name === stream);
      const parent = definition?.parent ?? definition?.perParent?.parent.name;
      const source = parent ?? stream;
      const sourceField = CURSOR[source] as string;
      const emitted = [sync1, sync2, sync3].flatMap((run) =>
        run.records(source).map((r) => toEpochMicros(r[sourceField]) as number),
      );
      const last = finalStates(sync3).find((s) => s.stream.stream_descriptor.name === stream);
      expect(toEpochMicros(last.stream.stream_state[field]), stream).toBe(Math.max(...emitted));
    }
  });
});

describe("Zendesk Support in the same connection as Chat", () => {
  const emulator = useEmulator({ seed: 23, chats: 300 });

  it("every chat's zendesk_ticket_id is a ticket the same sync delivers", async () => {
    const run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["chats", "tickets"]),
    });
    expect(run.exitCode).toBe(0);
    const tickets = new Set(run.records("tickets").map((t) => t.id));
    const linked = run.records("chats").filter((c) => c.zendesk_ticket_id != null);
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter((c) => !tickets.has(c.zendesk_ticket_id))).toEqual([]);
  });

  it("discover lists the Support streams only when the config has a support block", async () => {
    const streamsOf = async (config: unknown) => {
      const files = writeJsonFiles({ config });
      const run = await runCli(["discover", "--config", files.config]);
      expect(run.exitCode).toBe(0);
      return run.messages
        .find((m) => m.type === "CATALOG")
        .catalog.streams.map((s: { name: string }) => s.name);
    };
    const chatOnly = await streamsOf(accessTokenConfig(emulator));
    expect(chatOnly).toEqual(STREAM_NAMES);
    expect(await streamsOf(supportConfig(emulator))).toEqual([...STREAM_NAMES, ...SUPPORT_STREAM_NAMES]);
  });

  it("a catalog naming a Support stream without a support block fails in one line saying what to add", async () => {
    const run = await readFrom(emulator, { catalog: catalogFor(["chats", "tickets"]) });
    expect(run.exitCode).not.toBe(0);
    const error = run.traces("ERROR")[0]?.error;
    expect(error.failure_type).toBe("config_error");
    expect(error.message).toMatch(/'tickets' is a Zendesk Support table: add a 'support' block/);
    expect(run.records()).toEqual([]);
  });
});

describe("a Support list in no cursor order, changed while it is read", () => {
  let emulator: Emulator;
  const runs: RunResult[] = [];
  let atEnd: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // ticket_metrics read from its list (the export leaves out its side-load: the fallback): newest
    // ticket first, 100 a page, ~10 pages; updates land on pages already read and on pages still to
    // come, with update times below the newest one the read emits.
    emulator = await withEmulator({ seed: 24, chats: 50, support: { tickets: 1000 } });
    emulator.faults.add({
      kind: "no_sideload",
      endpoint: "support/incremental/tickets/cursor",
      times: Number.POSITIVE_INFINITY,
    });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["ticket_metrics"], "incremental");
    runs.push(await readFrom(emulator, { config, catalog }));
    emulator.advance({ seconds: 3600 });
    emulator.resetStats();
    const stop = emulator.onRequest(({ endpoint, n }) => {
      if (endpoint === "support/ticket_metrics" && n === 4)
        emulator.advance({ seconds: 600, updatedTickets: 150 });
    });
    runs.push(await readFrom(emulator, { config, catalog, state: finalStates(runs[0] as RunResult) }));
    stop();
    emulator.advance({ seconds: 3600 });
    runs.push(await readFrom(emulator, { config, catalog, state: finalStates(runs[1] as RunResult) }));
    // The list has no generated_timestamp: its records carry their own updated_at as the cursor.
    atEnd = expectedRecords(emulator, "ticket_metrics").map((r) => ({
      ...r,
      _ab_updated_at: Math.floor((toEpochMicros(r.updated_at) as number) / 1e6),
    }));
  }, 120_000);
  afterAll(() => emulator?.close());

  it("no update is lost: the next sync's start does not pass the time the read began", () => {
    for (const run of runs) {
      expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
      expect(run.logs("WARN").map((log) => log.message)).toEqual([
        expect.stringMatching(/left out the side-load/),
      ]);
    }
    const merged = dedupMerge("ticket_metrics", ...runs);
    const stale = atEnd.filter(
      (r) => JSON.stringify(merged.get(keyOf("ticket_metrics", r))) !== JSON.stringify(r),
    );
    expect(stale.map((r) => r.id)).toEqual([]);
    // The read during the changes saw only part of them; the next one brought the rest.
    expect((runs[2] as RunResult).records("ticket_metrics").length).toBeGreaterThan(0);
  });

  it("the state of that read stays at or before the server time it began (less a minute)", () => {
    const state = finalStates(runs[1] as RunResult).find(
      (s) => s.stream.stream_descriptor.name === "ticket_metrics",
    );
    const newestEmitted = Math.max(
      ...(runs[1] as RunResult)
        .records("ticket_metrics")
        .map((r) => toEpochMicros(r._ab_updated_at) as number),
    );
    const value = toEpochMicros(state.stream.stream_state._ab_updated_at) as number;
    expect(value).toBeLessThan(newestEmitted);
  });
});
