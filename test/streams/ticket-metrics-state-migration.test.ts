import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  keyOf,
  readFrom,
  START_DATE,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";

// ticket_metrics' cursor was `updated_at` (the list read whole) and is now `_ab_updated_at` (the
// ticket's generated_timestamp, from the tickets export's side-load). A state of the old form, X,
// resumes the export from X in epoch seconds: a ticket's generated_timestamp is at or after its
// metric set's updated_at, so nothing changed after X is lost, and nothing exported before X is read.

const EXPORT = "support/incremental/tickets/cursor";
type Row = Record<string, unknown>;

const oldState = (value: unknown) => [
  {
    type: "STREAM",
    stream: { stream_descriptor: { name: "ticket_metrics" }, stream_state: { updated_at: value } },
  },
];
const seconds = (value: unknown) => Math.floor((toEpochMicros(value) as number) / 1e6);
/**
 * The metric sets a read can return now: the emulator's (with `_ab_updated_at`, their ticket's
 * generated_timestamp) from the start date on, without the export's last minute. (Not the kit's
 * expectedRecords: it filters a child on its parent's cursor field, which a side-loaded row lacks.)
 */
function visibleMetricSets(emulator: Emulator): Row[] {
  const from = seconds(START_DATE);
  const to = Math.floor(emulator.now().getTime() / 1000) - 60;
  return [...emulator.records("ticket_metrics")].filter(
    (r) => Number(r._ab_updated_at) >= from && Number(r._ab_updated_at) <= to,
  );
}
const metricsState = (run: RunResult) =>
  finalStates(run).find((s) => s.stream.stream_descriptor.name === "ticket_metrics")?.stream.stream_state;

describe("ticket_metrics: a state of the old form (`updated_at`) resumes from that time", () => {
  let emulator: Emulator;
  /** The old state's value: the median metric set's updated_at. */
  let x = "";
  let want: Row[] = [];
  let all: Row[] = [];
  let migrated: RunResult;
  let next: RunResult;
  let nextWant: Row[] = [];
  const starts: { migrated: Array<string | null>; next: Array<string | null> } = { migrated: [], next: [] };
  let phase: "migrated" | "next" = "migrated";

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 265, chats: 10, support: { tickets: 1500 } });
    emulator.onRequest(({ endpoint, query }) => {
      if (endpoint === EXPORT) starts[phase].push(query.get("start_time"));
    });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["ticket_metrics"], "incremental");
    all = visibleMetricSets(emulator);
    const times = all.map((r) => String(r.updated_at)).sort();
    x = times[Math.floor(times.length / 2)] as string;
    want = all.filter((r) => Number(r._ab_updated_at) >= seconds(x));
    migrated = await readFrom(emulator, { config, catalog, state: oldState(x) });
    // The next sync goes on from the migrated sync's own state, after some tickets changed.
    emulator.advance({ seconds: 3600, updatedTickets: 40, newTickets: 10 });
    const before = new Map(all.map((r) => [keyOf("ticket_metrics", r), JSON.stringify(r)]));
    nextWant = visibleMetricSets(emulator).filter(
      (r) => before.get(keyOf("ticket_metrics", r)) !== JSON.stringify(r),
    );
    phase = "next";
    next = await readFrom(emulator, { config, catalog, state: finalStates(migrated) });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("both syncs exit 0 without a WARN or a request the real API would not expect", () => {
    for (const run of [migrated, next])
      expect([run.exitCode, run.logs("ERROR"), run.logs("WARN")]).toEqual([0, [], []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("the export is asked from X in epoch seconds (not from the start date)", () => {
    expect(want.length).toBeGreaterThan(300);
    expect(want.length).toBeLessThan(all.length - 300);
    expect(starts.migrated[0]).toBe(String(seconds(x)));
    // Later pages follow the export's cursor, without a start_time of their own.
    expect(starts.migrated.slice(1).every((s) => s === null)).toBe(true);
  });

  it("exactly the metric sets exported from X: none before it re-read, none changed after it lost", () => {
    const got = migrated.records("ticket_metrics");
    const byKey = new Map(got.map((r) => [keyOf("ticket_metrics", r), r]));
    expect(byKey.size, "a metric set delivered twice").toBe(got.length);
    expect(got.length).toBe(want.length);
    for (const record of want) expect(byKey.get(keyOf("ticket_metrics", record))).toEqual(record);
    for (const record of got) expect(Number(record._ab_updated_at)).toBeGreaterThanOrEqual(seconds(x));
    // Every metric set changed at or after X (its own updated_at) is among them.
    const changedSinceX = all.filter((r) => seconds(r.updated_at) >= seconds(x));
    expect(changedSinceX.length).toBeGreaterThan(300);
    for (const record of changedSinceX) expect(byKey.has(keyOf("ticket_metrics", record))).toBe(true);
  });

  it("the state is written in the new form, and the next sync goes on from it", () => {
    const state = metricsState(migrated) as Row;
    expect(state.updated_at).toBeUndefined();
    const newest = Math.max(...want.map((r) => Number(r._ab_updated_at)));
    expect(toEpochMicros(state._ab_updated_at)).toBe(newest * 1e6);
    expect(starts.next[0]).toBe(String(newest));
    const got = next.records("ticket_metrics");
    expect(nextWant.length).toBeGreaterThan(30);
    const keys = new Set(got.map((r) => keyOf("ticket_metrics", r)));
    for (const record of nextWant) expect(keys.has(keyOf("ticket_metrics", record))).toBe(true);
    // Only the changed tickets' metric sets (and none twice).
    expect(got.length).toBe(nextWant.length);
  });
});

describe("ticket_metrics: states the migration leaves alone or refuses", () => {
  let emulator: Emulator;
  let runs: Record<string, RunResult> = {};
  const starts: Array<string | null> = [];
  let late = 0;

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 266, chats: 10, support: { tickets: 300 } });
    emulator.onRequest(({ endpoint, n, query }) => {
      if (endpoint === EXPORT && n === 1) starts.push(query.get("start_time"));
    });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["ticket_metrics"], "incremental");
    const times = visibleMetricSets(emulator).map((r) => Number(r._ab_updated_at));
    late = Math.max(...times) - 3600;
    const read = async (state: unknown) => {
      emulator.resetStats();
      return readFrom(emulator, { config, catalog, state });
    };
    runs = {
      // Both fields: the new one wins (a state this version wrote, with a stray old field).
      both: await read([
        {
          type: "STREAM",
          stream: {
            stream_descriptor: { name: "ticket_metrics" },
            stream_state: { _ab_updated_at: late, updated_at: "2020-01-01T00:00:00Z" },
          },
        },
      ]),
      garbage: await read(oldState("yesterday")),
    };
  }, 120_000);
  afterAll(() => emulator?.close());

  it("a state with `_ab_updated_at` is read as it is, whatever `updated_at` says", () => {
    expect([runs.both?.exitCode, runs.both?.logs("ERROR")]).toEqual([0, []]);
    expect(starts[0]).toBe(String(late));
    for (const record of runs.both?.records("ticket_metrics") ?? [])
      expect(Number(record._ab_updated_at)).toBeGreaterThanOrEqual(late);
  });

  it("an old state that is not a time fails in one line, before any request", () => {
    const run = runs.garbage as RunResult;
    expect(run.exitCode).not.toBe(0);
    expect(run.records("ticket_metrics")).toEqual([]);
    expect(run.traces("ERROR").map((t) => [t.error.failure_type, t.error.message])).toEqual([
      [
        "config_error",
        `State of cursor '_ab_updated_at' is not a date-time or epoch value: "yesterday". Reset the stream or fix the state.`,
      ],
    ]);
    expect(starts).toHaveLength(1);
  });
});
