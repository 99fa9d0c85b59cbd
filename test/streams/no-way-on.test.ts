import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, FaultKind, FaultSpec } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  expectedRecords,
  readFrom,
  supportConfig,
  unexpectedRequestLines,
  useEmulator,
  visibleRecords,
  withEmulator,
} from "../helpers/emulator.js";
import { expectOneFailure, expectStatesCoverOnlyWrittenRecords } from "../reliability/helpers.js";

// Issue #22, point 2: a page that holds records but gives no way on (next_page null or absent, no
// end_time; Airbyte's own agent_timeline fixture is `{agent_timeline: [...], count: 1, next_page:
// null}`) is emitted and checkpointed, and the read goes on from the page's newest record; it fails
// (after the page's records) only where going on would skip data.

const EXPORTS = ["chats", "agent_timeline"] as const;

/** The last STATE of `stream` in a run: its stream_state. */
function lastState(run: RunResult, stream: string): Record<string, unknown> {
  const state = finalStates(run).find((s) => s.stream.stream_descriptor.name === stream);
  return state?.stream.stream_state ?? {};
}

/** The records of `stream` sharing the newest cursor value: what the final state lists as delivered. */
function newestKeys(records: Array<Record<string, unknown>>, field: string): string[] {
  const newest = Math.max(...records.map((r) => toEpochMicros(r[field]) as number));
  return records.filter((r) => toEpochMicros(r[field]) === newest).map((r) => String(r.id));
}

function expectExactExportRead(run: RunResult, emulator: Emulator) {
  expect(run.traces("ERROR")).toEqual([]);
  expect(run.exitCode).toBe(0);
  for (const stream of EXPORTS) {
    const want = expectedRecords(emulator, stream);
    expect(run.records(stream), stream).toEqual(want);
    const field = stream === "chats" ? "update_timestamp" : "start_time";
    // The final state: the newest record's cursor, with the records delivered at it.
    const state = lastState(run, stream);
    expect(toEpochMicros(state[field]), stream).toBe(toEpochMicros(want.at(-1)?.[field]));
    expect(Object.keys(state.ids_at_cursor as object).sort(), stream).toEqual(newestKeys(want, field).sort());
    expect(expectStatesCoverOnlyWrittenRecords(run, stream), stream).toBeGreaterThan(1);
    expect(run.statuses(stream).at(-1)).toBe("COMPLETE");
  }
}

const SHAPES: Array<[FaultKind, RegExp]> = [
  ["no_next_page", /next_page: null and no end_time/],
  ["next_page_absent", /no next_page and no end_time/],
  ["end_time_absent", /a next_page outside the API and no end_time/],
];

describe.each(SHAPES)("Chat exports, pages with %s", (kind, named) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2202, chats: 2600, timelineEntries: 900 });
  });
  afterEach(() => emulator.faults.clear());
  afterAll(() => emulator?.close());

  const cases: Array<[string, Partial<FaultSpec>]> = [
    ["on the first page", { afterRequests: 0, times: 1 }],
    ["on a later page", { afterRequests: 2, times: 1 }],
    ["on every page", { times: Number.POSITIVE_INFINITY }],
  ];
  it.each(cases)(
    "%s: every record once, in order, a WARN naming what the API left out, exact state, exit 0",
    async (_where, spec) => {
      for (const stream of EXPORTS) emulator.faults.add({ kind, endpoint: `incremental/${stream}`, ...spec });
      emulator.resetStats();
      const run = await readFrom(emulator, { catalog: catalogFor([...EXPORTS], "incremental") });
      expectExactExportRead(run, emulator);
      const warnings = run.logs("WARN").map((l) => l.message);
      for (const stream of EXPORTS) {
        expect(warnings).toContainEqual(
          expect.stringMatching(
            new RegExp(`Stream '${stream}'.*${named.source}.*going on from the page's newest`),
          ),
        );
      }
      expect(emulator.stats().faultsInjected[kind]).toBeGreaterThanOrEqual(2);
      expect(unexpectedRequestLines(emulator)).toEqual([]);
    },
  );
});

describe("Chat exports without a way on, Airbyte's fixture shape (agent_timeline, next_page: null)", () => {
  const emulator = useEmulator({ seed: 2203, timelineEntries: 150 });

  it("a single page without next_page is emitted, checked once more from its newest entry, and ends", async () => {
    // 150 entries fit one page (at most 200): the page that holds them all has no way on.
    emulator.faults.add({ kind: "no_next_page", endpoint: "incremental/agent_timeline", times: 10 });
    emulator.resetStats();
    const run = await readFrom(emulator, { catalog: catalogFor(["agent_timeline"], "incremental") });
    expect(run.exitCode).toBe(0);
    expect(run.records("agent_timeline")).toEqual(expectedRecords(emulator, "agent_timeline"));
    // The page, then the page from its newest entry (that entry again, nothing new): the end.
    expect(emulator.stats().byEndpoint["incremental/agent_timeline"]).toBe(2);
    expect(run.logs("INFO").map((l) => l.message)).toContainEqual(
      expect.stringMatching(/agent_timeline.*no way on past start_time=\d+.*brought nothing new/),
    );
  });
});

describe("Chat exports without a way on, where going on would skip: more chats in one second than a page holds", () => {
  let emulator: Emulator;
  let run: RunResult;
  let sameSecond: number;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2204, chats: 2400, sameSecondChats: 1100 });
    emulator.faults.add({
      kind: "no_next_page",
      endpoint: "incremental/chats",
      times: Number.POSITIVE_INFINITY,
    });
    run = await readFrom(emulator, { catalog: catalogFor(["chats"], "incremental") });
    const counts = new Map<number, number>();
    for (const chat of expectedRecords(emulator, "chats")) {
      const at = toEpochMicros(chat.update_timestamp) as number;
      counts.set(at, (counts.get(at) ?? 0) + 1);
    }
    sameSecond = [...counts].find(([, n]) => n >= 1100)?.[0] as number;
  });
  afterAll(() => emulator?.close());

  it("fails with a message saying why, after emitting and checkpointing the page's records", () => {
    const error = expectOneFailure(run, "system_error", /chats.*all at start_time.*no way past that time/);
    expect(error.message).toMatch(/came with next_page: null and no end_time/);
    expect(run.statuses("chats").at(-1)).toBe("INCOMPLETE");
    const want = expectedRecords(emulator, "chats");
    const got = run.records("chats");
    // Everything before the crowded second, then that second's chats from the last page, in order.
    const before = want.filter((c) => (toEpochMicros(c.update_timestamp) as number) < sameSecond).length;
    expect(got.length).toBeGreaterThan(before);
    expect(got).toEqual(want.slice(0, got.length));
    expect(toEpochMicros(got.at(-1)?.update_timestamp)).toBe(sameSecond);
    // The failing page was checkpointed: the last state is at that second.
    expect(toEpochMicros(lastState(run, "chats").update_timestamp)).toBe(sameSecond);
    expectStatesCoverOnlyWrittenRecords(run, "chats");
  });
});

describe("Support pages without a way on", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 2205,
      chats: 20,
      support: { tickets: 2600, users: 80, organizations: 1500 },
    });
  });
  afterEach(() => emulator.faults.clear());
  afterAll(() => emulator?.close());

  it.each([
    ["tickets", "support/incremental/tickets/cursor", /no end_of_stream and no after_url or after_cursor/],
    ["organizations", "support/incremental/organizations", /next_page: null and no end_time/],
  ])(
    "%s: a page without a cursor or next_page is emitted and the export goes on from its newest record",
    async (stream, endpoint, named) => {
      emulator.faults.add({ kind: "no_next_page", endpoint, times: 1 });
      const run = await readFrom(emulator, {
        config: supportConfig(emulator),
        catalog: catalogFor([stream], "incremental"),
      });
      expect(run.traces("ERROR")).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.records(stream)).toEqual(visibleRecords(emulator, stream));
      expect(emulator.stats().faultsInjected.no_next_page).toBe(1);
      expect(run.logs("WARN").map((l) => l.message)).toContainEqual(
        expect.stringMatching(
          new RegExp(`Stream '${stream}'.*${named.source}.*going on from the page's newest`),
        ),
      );
      expectStatesCoverOnlyWrittenRecords(run, stream);
      emulator.resetStats();
    },
  );

  it("a list that says has_more without a link fails after emitting the page's records, and claims no state", async () => {
    // ticket_metrics reads the list when the ticket export leaves out its side-load.
    emulator.faults.add({ kind: "no_sideload", endpoint: "support/incremental/tickets/cursor", times: 1 });
    emulator.faults.add({ kind: "no_next_page", endpoint: "support/ticket_metrics", times: 1 });
    const run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["ticket_metrics", "groups"], "incremental"),
    });
    expectOneFailure(
      run,
      "system_error",
      /ticket_metrics.*says has_more but gives no links\.next.*100 records were emitted/,
    );
    // The first page (100 metrics, in the list's order) was written; the list is in no cursor
    // order, so no state may claim it (an unread page could hold older values).
    expect(run.records("ticket_metrics")).toEqual(
      expectedRecords(emulator, "ticket_metrics")
        .slice(0, 100)
        .map((r) => ({ ...r, _ab_updated_at: Math.floor((toEpochMicros(r.updated_at) as number) / 1e6) })),
    );
    expect(run.states("ticket_metrics")).toEqual([]);
    expect(run.statuses("ticket_metrics").at(-1)).toBe("INCOMPLETE");
    // The other stream is read in full.
    expect(run.records("groups")).toEqual(expectedRecords(emulator, "groups"));
    emulator.resetStats();
  });
});
