import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type Message, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  readFrom,
  START_DATE,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";
import { FAST_RETRY_ENV, type KilledRun, readUntilKilled } from "../reliability/helpers.js";

// Issue #25: ticket_conversation_log, GET tickets/{id}/conversation_log for each messaging ticket
// (via.channel native_messaging) the tickets export shows changed since the state, one row per
// event with its ticket. Expected rows: the emulator's Conversation Log events of exactly the
// messaging tickets the test picks from the emulator's tickets (not with the connector's code).

const STREAM = "ticket_conversation_log";
const LOG_ENDPOINT = "support/tickets/{id}/conversation_log";
type Row = Record<string, unknown>;

/** The ids of the tickets whose conversation log the connector must read: messaging, not deleted, since `fromMicros`. */
function messagingTickets(emulator: Emulator, fromMicros: number): Set<number> {
  const ids = new Set<number>();
  for (const t of emulator.records("tickets")) {
    const channel = (t.via as { channel: string }).channel;
    if (channel !== "native_messaging" || t.status === "deleted") continue;
    if ((t.generated_timestamp as number) * 1e6 >= fromMicros) ids.add(t.id as number);
  }
  return ids;
}

/** The emulator's events of those tickets, as rows. */
function eventsOf(emulator: Emulator, tickets: Set<number>): Row[] {
  return expectedRecords(emulator, STREAM).filter((row) => tickets.has(row.ticket_id as number));
}

function expectExactly(got: Row[], want: Row[]): void {
  const byKey = new Map(got.map((r) => [keyOf(STREAM, r), r]));
  expect(byKey.size, "an event delivered twice").toBe(got.length);
  expect(got.length).toBe(want.length);
  for (const row of want) expect(byKey.get(keyOf(STREAM, row))).toEqual(row);
}

/** Records the ticket id of every conversation_log request, in order. */
function logRequests(emulator: Emulator): { ids: number[]; stop: () => void } {
  const ids: number[] = [];
  const stop = emulator.onRequest((info) => {
    if (info.endpoint !== LOG_ENDPOINT) return;
    ids.push(Number(/tickets\/(\d+)\/conversation_log/.exec(info.path)?.[1]));
  });
  return { ids, stop };
}

const stateValue = (states: Message[]): number =>
  toEpochMicros(
    states.find((s) => s.stream.stream_descriptor.name === STREAM)?.stream.stream_state
      .ticket_generated_timestamp,
  ) as number;

describe("ticket_conversation_log: full and incremental reads", () => {
  let emulator: Emulator;
  let first: RunResult;
  let second: RunResult;
  let firstIds: number[];
  let secondIds: number[];
  let wantFirst: Row[];
  let firstTickets: Set<number>;
  let wantSecondTickets: Set<number>;
  let wantSecond: Row[];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 251, chats: 20, support: { tickets: 400 } });
    const config = supportConfig(emulator);
    const catalog = catalogFor([STREAM], "incremental");
    firstTickets = messagingTickets(emulator, toEpochMicros(START_DATE) as number);
    wantFirst = eventsOf(emulator, firstTickets);
    let log = logRequests(emulator);
    first = await readFrom(emulator, { config, catalog });
    log.stop();
    firstIds = log.ids;
    const state = finalStates(first);
    emulator.advance({ seconds: 6 * 3600, updatedTickets: 60, newTickets: 30 });
    wantSecondTickets = messagingTickets(emulator, stateValue(state));
    wantSecond = eventsOf(emulator, wantSecondTickets);
    log = logRequests(emulator);
    second = await readFrom(emulator, { config, catalog, state });
    log.stop();
    secondIds = log.ids;
  }, 120_000);
  afterAll(() => emulator?.close());

  it("both runs exit 0, without a WARN or a request the real API would not expect", () => {
    for (const run of [first, second])
      expect([run.exitCode, run.logs("ERROR"), run.logs("WARN")]).toEqual([0, [], []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
    expect(first.statuses(STREAM).at(-1)).toBe("COMPLETE");
  });

  it("the full read: exactly the emulator's events of the messaging tickets, requested once each", () => {
    expect(wantFirst.length).toBeGreaterThan(100);
    expectExactly(first.records(STREAM), wantFirst);
    expect(new Set(firstIds)).toEqual(firstTickets);
    // Several pages for most tickets (the emulator's short pages), in order: a ticket's pages follow each other.
    expect(firstIds.length).toBeGreaterThan(firstTickets.size);
    expect(firstIds.filter((id, i) => i > 0 && firstIds[i - 1] !== id).length + 1).toBe(firstTickets.size);
    expect(firstTickets.size).toBeGreaterThan(10);
    const types = new Set(first.records(STREAM).map((r) => `${r.type}/${(r.author as Row).type}`));
    for (const t of [
      "Messaging::ConversationMessage/user",
      "Messaging::ConversationMessage/agent",
      "Messaging::ConversationMessage/bot",
      "Comment/agent",
    ])
      expect(types).toContain(t);
  });

  it("the incremental read: the changed messaging tickets only, and the merged rows equal the emulator's now", () => {
    expect(secondIds.length).toBeGreaterThan(0);
    expect(wantSecondTickets.size).toBeLessThan(firstTickets.size);
    expect(new Set(secondIds)).toEqual(wantSecondTickets);
    const got = second.records(STREAM);
    // Every event of a changed ticket, except those the previous sync delivered at the boundary.
    const delivered = new Set(first.records(STREAM).map((r) => keyOf(STREAM, r)));
    // The boundary ticket(s) of the state are read again; their events delivered unchanged are skipped.
    const boundary = stateValue(finalStates(first));
    expectExactly(
      got,
      wantSecond.filter(
        (r) =>
          !((r.ticket_generated_timestamp as number) * 1e6 === boundary && delivered.has(keyOf(STREAM, r))),
      ),
    );
    const merged = dedupMerge(STREAM, first, second);
    const now = eventsOf(emulator, messagingTickets(emulator, toEpochMicros(START_DATE) as number));
    expect(merged.size).toBe(now.length);
    for (const row of now) expect(merged.get(keyOf(STREAM, row))?.id).toBe(row.id);
  });
});

describe("ticket_conversation_log: an account not in Early Access (403), a deleted ticket (404)", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    // Whole pages here: each ticket's log is one request, so the 404 below is on a ticket's first page.
    emulator = await withEmulator({
      seed: 252,
      chats: 20,
      support: { tickets: 300 },
      supportShortPages: false,
    });
  }, 60_000);
  afterAll(() => emulator?.close());

  it("403: the stream ends empty with one WARN on how to get access; the other streams are read; exit 0", async () => {
    emulator.setSupportConversationLogAccess(false);
    const log = logRequests(emulator);
    const run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets", STREAM, "groups"], "incremental"),
    });
    log.stop();
    emulator.setSupportConversationLogAccess(true);
    expect(run.exitCode).toBe(0);
    expect(run.logs("ERROR")).toEqual([]);
    expect(run.records(STREAM)).toEqual([]);
    const warnings = run.logs("WARN").map((m) => m.message as string);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ticket_conversation_log.*403.*Early Access/);
    expect(log.ids).toHaveLength(1);
    for (const stream of ["tickets", STREAM, "groups"]) expect(run.statuses(stream).at(-1)).toBe("COMPLETE");
    expect(run.records("tickets").length).toBe(expectedRecords(emulator, "tickets").length);
    expect(run.records("groups").length).toBe(expectedRecords(emulator, "groups").length);
  });

  it("404 on one ticket: that ticket is skipped with a WARN, the others are read; exit 0", async () => {
    emulator.faults.add({ kind: "404", endpoint: LOG_ENDPOINT, afterRequests: 2, times: 1 });
    const log = logRequests(emulator);
    const run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor([STREAM], "incremental"),
    });
    log.stop();
    emulator.faults.clear();
    expect(run.exitCode).toBe(0);
    const gone = log.ids[2] as number;
    expect(new Set(log.ids).size).toBe(log.ids.length);
    const warnings = run.logs("WARN").map((m) => m.message as string);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`tickets/${gone}/conversation_log`);
    const tickets = messagingTickets(emulator, toEpochMicros(START_DATE) as number);
    tickets.delete(gone);
    expectExactly(run.records(STREAM), eventsOf(emulator, tickets));
  });
});

describe("ticket_conversation_log: kill -9 mid-stream, then resume", () => {
  let emulator: Emulator;
  const runs: KilledRun[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 253, chats: 20, support: { tickets: 2400 } });
    let state: Message[] | undefined;
    // A checkpoint every 1000 rows (after a ticket): each killed run has committed some.
    const kills = [1500, 1600, null];
    for (const after of kills) {
      let count = 0;
      const run = await readUntilKilled(
        {
          config: supportConfig(emulator),
          streams: [STREAM],
          state,
          env: {
            ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
            ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
            ...FAST_RETRY_ENV,
          },
        },
        {
          on: (m) => after !== null && m.type === "RECORD" && m.record.stream === STREAM && ++count >= after,
        },
      );
      runs.push(run);
      const last = run.states[STREAM]?.at(-1);
      if (last) state = [{ type: "STREAM", stream: last.state.state.stream }];
      if (!run.killed) break;
    }
  }, 120_000);
  afterAll(() => emulator?.close());

  it("nothing lost: what the killed runs committed plus the last run are every event", () => {
    expect(runs).toHaveLength(3);
    expect(runs[0]?.killed && runs[1]?.killed).toBe(true);
    for (const run of runs.slice(0, 2)) {
      expect(run.committed[STREAM]).toBeGreaterThanOrEqual(1000);
      expect(run.statuses[STREAM]).not.toContain("COMPLETE");
    }
    const last = runs[2] as KilledRun;
    expect([last.killed, last.exitCode, last.errors]).toEqual([false, 0, []]);
    const got = new Map<string, Row>();
    for (const run of runs) {
      const kept = run.killed
        ? (run.records[STREAM] ?? []).slice(0, run.committed[STREAM])
        : (run.records[STREAM] ?? []);
      for (const row of kept) got.set(keyOf(STREAM, row), row);
    }
    const want = eventsOf(emulator, messagingTickets(emulator, toEpochMicros(START_DATE) as number));
    expect(got.size).toBe(want.length);
    for (const row of want) expect(got.get(keyOf(STREAM, row))).toEqual(row);
  });
});
