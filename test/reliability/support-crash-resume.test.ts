import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { Message } from "../helpers/cli.js";
import { CURSOR, keyOf, supportConfig, visibleRecords, withEmulator } from "../helpers/emulator.js";
import { cursorValue, type KilledRun, readUntilKilled } from "./helpers.js";

// kill -9 a Support sync (the tickets and users cursor exports and the organizations time export,
// several pages each) as soon as the first
// tickets STATE reaches stdout, resume from the last STATE of each stream (what Airbyte saved), kill
// the resumed run in the middle of a page (records after its last STATE are lost with it), then
// let a third run finish. What each killed run committed (its
// records before its last STATE of that stream) plus the final run must be every record: nothing
// lost. The boundary records of a state are listed in it (`ids_at_cursor`), so a resumed run skips
// the ones already delivered: no record is delivered twice.

// ticket_metrics rides on the tickets export (its include=metric_sets side-load): a child whose
// state may pass its own last row (a deleted ticket has no metric set) but never the last ticket read.
const STREAMS = ["tickets", "users", "organizations", "ticket_metrics", "ticket_comments"] as const;
const BOUNDED_BY: Record<string, string> = { ticket_metrics: "tickets" };

type Run = KilledRun;

/** Reads the three streams from `state`, SIGKILLed when `killOn` says so; resolves when it is gone. */
function runUntilKilled(
  emulator: Emulator,
  state: Message[] | undefined,
  killOn: ((message: Message) => boolean) | null,
): Promise<Run> {
  return readUntilKilled(
    {
      // Exports paced at 5 requests a second: the kill lands mid-sync, not after the last page.
      config: supportConfig(emulator, { export_requests_per_minute: 300 }),
      streams: STREAMS,
      state,
      env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl },
    },
    { on: killOn ?? undefined },
  );
}

const firstTicketsState = (m: Message) =>
  m.type === "STATE" && m.state.stream.stream_descriptor.name === "tickets";

/** Kills in the middle of a page: after this many records of `stream` in the run. */
function afterRecords(n: number, stream = "tickets") {
  let count = 0;
  return (m: Message) => m.type === "RECORD" && m.record.stream === stream && ++count >= n;
}

/** The last STATE of each stream the run printed before it died, in the list form --state takes. */
function lastStates(run: Run, previous: Message[] | undefined): Message[] | undefined {
  const byStream = new Map<string, Message>(
    (previous ?? []).map((s) => [s.stream.stream_descriptor.name, s]),
  );
  for (const stream of STREAMS) {
    const last = run.states[stream]?.at(-1);
    if (last) byStream.set(stream, { type: "STREAM", stream: last.state.state.stream });
  }
  return byStream.size > 0 ? [...byStream.values()] : undefined;
}

describe("Support: kill -9 after the first tickets STATE, then mid-page (tickets, then ticket_comments); resume from the last state", () => {
  let emulator: Emulator;
  const runs: Run[] = [];
  /** The state each run started from, per stream (cursor µs), for the boundary check. */
  const startedFrom: Array<Record<string, number | undefined>> = [];

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 161,
      chats: 30,
      support: { tickets: 6000, users: 3500, organizations: 3500 },
    });
    let state: Message[] | undefined;
    // The third run is killed in the middle of a ticket_comments page (a time export whose rows are
    // a page item's children), the fourth completes.
    for (const killOn of [
      firstTicketsState,
      afterRecords(1500),
      afterRecords(3000, "ticket_comments"),
      null,
    ]) {
      startedFrom.push(
        Object.fromEntries(
          STREAMS.map((stream) => {
            const s = state?.find((m) => m.stream.stream_descriptor.name === stream);
            const value = s?.stream.stream_state[CURSOR[stream] as string];
            return [stream, value === undefined ? undefined : cursorValue(stream, value)];
          }),
        ),
      );
      const run = await runUntilKilled(emulator, state, killOn);
      runs.push(run);
      state = lastStates(run, state);
      if (!run.killed) break;
    }
  }, 120_000);
  afterAll(() => emulator?.close());

  it("the first three runs were killed mid-sync, the fourth completed", () => {
    expect(runs).toHaveLength(4);
    for (const run of runs.slice(0, 2)) {
      expect(run.killed).toBe(true);
      expect(run.statuses.tickets).not.toContain("COMPLETE");
      expect(run.states.tickets?.length).toBeGreaterThanOrEqual(1);
    }
    expect(runs[2]?.killed).toBe(true);
    expect(runs[2]?.statuses.ticket_comments).not.toContain("COMPLETE");
    expect(runs[2]?.states.ticket_comments?.length).toBeGreaterThanOrEqual(1);
    const last = runs[3] as Run;
    expect(last.killed).toBe(false);
    expect(last.exitCode).toBe(0);
    expect(last.errors).toEqual([]);
    for (const stream of STREAMS) expect(last.statuses[stream]?.at(-1), stream).toBe("COMPLETE");
    console.log(
      `[reliability] Support crash/resume: ${runs
        .map((r) =>
          STREAMS.map(
            (s) =>
              `${s} ${r.records[s]?.length} seen/${r.killed ? r.committed[s] : r.records[s]?.length} kept`,
          ).join(", "),
        )
        .join(" → ")}`,
    );
  });

  it.each(STREAMS)(
    "%s: committed records of every run + the final run = the emulator's records, none twice",
    (stream) => {
      const want = new Map(visibleRecords(emulator, stream).map((r) => [keyOf(stream, r), r]));
      expect(want.size).toBeGreaterThan(2000);
      const seen = new Map<string, number>();
      const duplicates: string[] = [];
      runs.forEach((run, i) => {
        const upTo = run.killed ? (run.committed[stream] ?? 0) : (run.records[stream]?.length ?? 0);
        for (const record of (run.records[stream] ?? []).slice(0, upTo)) {
          const key = keyOf(stream, record);
          expect(record, `${stream} ${key}`).toEqual(want.get(key));
          if (seen.has(key)) {
            duplicates.push(key);
            // At least-once at most: a re-delivered record sits at or after the state the run resumed from.
            const from = startedFrom[i]?.[stream];
            expect(from, `${stream} ${key} delivered twice in a run that did not resume`).toBeDefined();
            expect(cursorValue(stream, record[CURSOR[stream] as string])).toBeGreaterThanOrEqual(
              from as number,
            );
          }
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      });
      const lost = [...want.keys()].filter((k) => !seen.has(k));
      expect(lost.slice(0, 5), `${stream}: lost ${lost.length}`).toEqual([]);
      expect([...seen.keys()].filter((k) => !want.has(k))).toEqual([]);
      // The state lists the records delivered at its cursor (ids_at_cursor): none comes again.
      expect(duplicates.slice(0, 5), `${stream}: ${duplicates.length} delivered twice`).toEqual([]);
    },
  );

  it.each(STREAMS)(
    "%s: every STATE covers only records already written, and never goes backwards",
    (stream) => {
      const field = CURSOR[stream] as string;
      const bound = BOUNDED_BY[stream] ?? stream;
      const boundField = CURSOR[bound] as string;
      runs.forEach((run, i) => {
        let previous = startedFrom[i]?.[stream] ?? Number.NEGATIVE_INFINITY;
        for (const { state, recordsBefore } of run.states[stream] ?? []) {
          const value = cursorValue(stream, state.state.stream.stream_state[field]);
          expect(value).toBeGreaterThanOrEqual(previous);
          // Its own records, and for a child its parent's: a ticket without a metric set (deleted,
          // archived) moves it too; one the tickets stream skips as delivered by an earlier run lies
          // below the tickets' own start.
          const written = [
            ...(run.records[stream] ?? []).slice(0, recordsBefore[stream]).map((r) => r[field]),
            ...(run.records[bound] ?? []).slice(0, recordsBefore[bound]).map((r) => r[boundField]),
          ].reduce(
            (max: number, v) => Math.max(max, cursorValue(stream, v)),
            Math.max(
              startedFrom[i]?.[stream] ?? Number.NEGATIVE_INFINITY,
              (bound !== stream && startedFrom[i]?.[bound]) || Number.NEGATIVE_INFINITY,
            ),
          );
          expect(value).toBeLessThanOrEqual(written);
          previous = value;
        }
      });
    },
  );
});
