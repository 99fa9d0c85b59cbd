import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  readFrom,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";

// ticket_metrics rides on the ticket export's `include=metric_sets` side-load: no request of its own
// when tickets is read, the export alone when it is not, and the ticket_metrics list read whole only
// when a response leaves the side-load out (one WARN).

const EXPORT = "support/incremental/tickets/cursor";
const LIST = "support/ticket_metrics";
type Row = Record<string, unknown>;

/** Each record of `want` once in `got`, equal, and nothing else. */
function expectSameRecords(got: Row[], want: Row[]): void {
  const byKey = new Map(got.map((r) => [keyOf("ticket_metrics", r), r]));
  expect(byKey.size, "a metric set delivered twice").toBe(got.length);
  expect(got.length).toBe(want.length);
  for (const record of want) expect(byKey.get(keyOf("ticket_metrics", record))).toEqual(record);
}

/** What the list fallback emits: `_ab_updated_at` is the record's own updated_at (epoch s). */
function viaList(record: Row): Row {
  return { ...record, _ab_updated_at: Math.floor((toEpochMicros(record.updated_at) as number) / 1e6) };
}

const sideLoadWarnings = (run: RunResult) =>
  run.logs("WARN").filter((log) => /left out the side-load/.test(log.message));

describe("ticket_metrics from the side-load: full reads", () => {
  let emulator: Emulator;
  const runs: Record<string, { run: RunResult; requests: Record<string, number> }> = {};

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 261, chats: 20, support: { tickets: 2600 } });
    const config = supportConfig(emulator);
    const cases: Record<string, string[]> = {
      both: ["tickets", "ticket_metrics"],
      metricsAlone: ["ticket_metrics"],
      ticketsAlone: ["tickets"],
    };
    for (const [name, streams] of Object.entries(cases)) {
      emulator.resetStats();
      const run = await readFrom(emulator, { config, catalog: catalogFor(streams) });
      runs[name] = { run, requests: emulator.stats().byEndpoint };
    }
  }, 120_000);
  afterAll(() => emulator?.close());

  it("every run exits 0, without a WARN or a request the real API would not expect", () => {
    for (const { run } of Object.values(runs)) {
      expect([run.exitCode, run.logs("ERROR"), run.logs("WARN")]).toEqual([0, [], []]);
    }
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("tickets + ticket_metrics, and ticket_metrics alone: exactly the emulator's metric sets", () => {
    const want = expectedRecords(emulator, "ticket_metrics");
    expect(want.length).toBeGreaterThan(1500);
    expectSameRecords(runs.both?.run.records("ticket_metrics") ?? [], want);
    expectSameRecords(runs.metricsAlone?.run.records("ticket_metrics") ?? [], want);
    expect(runs.both?.run.records("tickets").length).toBe(expectedRecords(emulator, "tickets").length);
  });

  it("ticket_metrics makes no request of its own: the export's requests, none to the list", () => {
    const exportRequests = runs.ticketsAlone?.requests[EXPORT] ?? 0;
    expect(exportRequests).toBeGreaterThan(2);
    for (const name of ["both", "metricsAlone"]) {
      expect([name, runs[name]?.requests[EXPORT], runs[name]?.requests[LIST] ?? 0]).toEqual([
        name,
        exportRequests,
        0,
      ]);
    }
  });

  it("deleted tickets come without metric sets; every metric set's ticket was exported", () => {
    const run = runs.both?.run as RunResult;
    const deleted = new Set(
      run
        .records("tickets")
        .filter((t) => t.status === "deleted")
        .map((t) => t.id),
    );
    expect(deleted.size).toBeGreaterThan(10);
    const exported = new Map(run.records("tickets").map((t) => [t.id, t.generated_timestamp]));
    for (const set of run.records("ticket_metrics")) {
      expect(deleted.has(set.ticket_id)).toBe(false);
      expect(set._ab_updated_at).toBe(exported.get(set.ticket_id));
    }
  });
});

describe("ticket_metrics from the side-load: incremental across changes", () => {
  let emulator: Emulator;
  const syncs: RunResult[] = [];
  let noOpRequests: Record<string, number> = {};
  let atEnd: Row[] = [];
  const everListed = new Set<string>();

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 262, chats: 20, support: { tickets: 1500 } });
    const config = supportConfig(emulator);
    const catalogs = [
      catalogFor(["tickets", "ticket_metrics"], "incremental"),
      catalogFor(["ticket_metrics"], "incremental"),
      catalogFor(["tickets", "ticket_metrics"], "incremental"),
    ];
    const note = () => {
      for (const r of expectedRecords(emulator, "ticket_metrics")) everListed.add(keyOf("ticket_metrics", r));
    };
    note();
    emulator.resetStats();
    for (const catalog of catalogs) {
      // Each sync goes on from the last one's state of the streams it reads (sync 2: ticket_metrics alone).
      const names = new Set(catalog.streams.map((s) => s.stream.name));
      const state =
        syncs.length > 0
          ? finalStates(syncs.at(-1) as RunResult).filter((s) => names.has(s.stream.stream_descriptor.name))
          : undefined;
      syncs.push(await readFrom(emulator, { config, catalog, state }));
      emulator.advance({ seconds: 3600, newTickets: 30, updatedTickets: 50, deletedTickets: 4 });
      note();
    }
    emulator.advance({ seconds: 3600 });
    atEnd = expectedRecords(emulator, "ticket_metrics");
    syncs.push(
      await readFrom(emulator, { config, catalog: catalogs[0], state: finalStates(syncs[2] as RunResult) }),
    );
    emulator.resetStats();
    syncs.push(
      await readFrom(emulator, { config, catalog: catalogs[0], state: finalStates(syncs[3] as RunResult) }),
    );
    noOpRequests = emulator.stats().byEndpoint;
  }, 150_000);
  afterAll(() => emulator?.close());

  it("every sync exits 0 without a WARN, and none asks the ticket_metrics list", () => {
    for (const run of syncs) expect([run.exitCode, run.logs("ERROR"), run.logs("WARN")]).toEqual([0, [], []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("the syncs deduplicated on the key equal the API's metric sets (a deleted ticket's aside)", () => {
    const merged = dedupMerge("ticket_metrics", ...syncs);
    const now = new Set(atEnd.map((r) => keyOf("ticket_metrics", r)));
    for (const key of everListed) if (!now.has(key)) merged.delete(key);
    expectSameRecords([...merged.values()], atEnd);
  });

  it("later syncs bring the changed tickets' metric sets only, each once; a sync with nothing new none", () => {
    const later = syncs.slice(1, 4).flatMap((run) => run.records("ticket_metrics"));
    // 3 × (30 new + 50 updated) changes, some on the same ticket; deleted tickets have no metric set.
    expect(later.length).toBeGreaterThanOrEqual(200);
    expect(later.length).toBeLessThanOrEqual(240);
    for (const run of syncs.slice(1)) {
      const keys = run.records("ticket_metrics").map((r) => keyOf("ticket_metrics", r));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(syncs[4]?.records("ticket_metrics")).toEqual([]);
    expect([noOpRequests[EXPORT], noOpRequests[LIST] ?? 0]).toEqual([1, 0]);
  });

  it("the state is the newest _ab_updated_at emitted, never past it", () => {
    for (const run of syncs.slice(0, 4)) {
      const state = finalStates(run).find((s) => s.stream.stream_descriptor.name === "ticket_metrics");
      const newest = Math.max(...run.records("ticket_metrics").map((r) => Number(r._ab_updated_at)));
      const tickets = run.records("tickets").map((r) => Number(r.generated_timestamp));
      // A deleted ticket moves it without a metric set, never past the newest ticket exported.
      const bound = Math.max(newest, ...tickets) * 1e6;
      const value = toEpochMicros(state.stream.stream_state._ab_updated_at) as number;
      expect(value).toBeGreaterThanOrEqual(newest * 1e6);
      if (tickets.length > 0) expect(value).toBeLessThanOrEqual(bound);
    }
  });
});

describe("ticket_metrics when a response leaves the side-load out: the list instead, with one WARN", () => {
  let emulator: Emulator;
  const runs: Record<string, { run: RunResult; requests: Record<string, number> }> = {};
  let want: Row[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 263, chats: 20, support: { tickets: 1800 } });
    const config = supportConfig(emulator);
    const read = async (name: string, streams: string[], fault: Record<string, unknown>, state?: unknown) => {
      emulator.faults.clear();
      emulator.faults.add({ kind: "no_sideload", endpoint: EXPORT, ...fault });
      emulator.resetStats();
      const run = await readFrom(emulator, { config, catalog: catalogFor(streams, "incremental"), state });
      runs[name] = { run, requests: emulator.stats().byEndpoint };
    };
    want = expectedRecords(emulator, "ticket_metrics");
    await read("never", ["tickets", "ticket_metrics"], { times: Number.POSITIVE_INFINITY });
    await read("alone", ["ticket_metrics"], { times: Number.POSITIVE_INFINITY });
    // The side-load on the first pages, then gone: what came with it is not lost either.
    await read("midway", ["tickets", "ticket_metrics"], {
      afterRequests: 2,
      times: Number.POSITIVE_INFINITY,
    });
    emulator.faults.clear();
    emulator.advance({ seconds: 3600, updatedTickets: 40 });
    emulator.resetStats();
    const after = await readFrom(emulator, {
      config,
      catalog: catalogFor(["tickets", "ticket_metrics"], "incremental"),
      state: finalStates(runs.never?.run as RunResult),
    });
    runs.after = { run: after, requests: emulator.stats().byEndpoint };
  }, 150_000);
  afterAll(() => emulator?.close());

  it("each run exits 0 with exactly one WARN saying the side-load was left out and what is read instead", () => {
    for (const name of ["never", "alone", "midway"]) {
      const run = runs[name]?.run as RunResult;
      expect([name, run.exitCode, run.logs("ERROR")]).toEqual([name, 0, []]);
      const warnings = sideLoadWarnings(run);
      expect(warnings.map((log) => log.message)).toEqual([
        expect.stringMatching(/'ticket_metrics'.*reading 'ticket_metrics' instead for this sync/),
      ]);
      expect(run.logs("WARN")).toHaveLength(1);
      expect(runs[name]?.requests[LIST]).toBeGreaterThan(5);
    }
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("the list's metric sets, every one (with _ab_updated_at from updated_at); the tickets untouched", () => {
    const fromList = want.map(viaList);
    expectSameRecords(runs.never?.run.records("ticket_metrics") ?? [], fromList);
    expectSameRecords(runs.alone?.run.records("ticket_metrics") ?? [], fromList);
    expect(runs.never?.run.records("tickets").length).toBe(expectedRecords(emulator, "tickets").length - 0);
  });

  it("side-load gone midway: the pages before it and the list after give every metric set", () => {
    const run = runs.midway?.run as RunResult;
    const got = dedupMerge("ticket_metrics", run);
    expect(got.size).toBe(want.length);
    for (const record of want) {
      const held = got.get(keyOf("ticket_metrics", record)) as Row;
      const { _ab_updated_at: _, ...rest } = record;
      expect(held).toMatchObject(rest);
    }
  });

  it("ticket_metrics alone stops reading the export once it fell back", () => {
    expect(runs.alone?.requests[EXPORT]).toBe(1);
  });

  it("the next sync, side-load back, goes on from the list's state through the export alone", () => {
    const run = runs.after?.run as RunResult;
    expect([run.exitCode, run.logs("ERROR"), run.logs("WARN")]).toEqual([0, [], []]);
    expect(runs.after?.requests[LIST] ?? 0).toBe(0);
    const updated = run.records("tickets").filter((t) => t.status !== "deleted");
    const sets = new Set(run.records("ticket_metrics").map((r) => r.ticket_id));
    const current = new Map(expectedRecords(emulator, "ticket_metrics").map((r) => [r.ticket_id, r]));
    for (const ticket of updated) if (current.has(ticket.id)) expect(sets.has(ticket.id)).toBe(true);
    for (const record of run.records("ticket_metrics")) expect(record).toEqual(current.get(record.ticket_id));
  });
});
