import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  CHAT_CHILD_STREAMS,
  catalogFor,
  dedupMerge,
  expectCleanRuns,
  expectedRecords,
  keyOf,
  readFrom,
  unexpectedRequestLines,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";

// The child streams of chats are fed by the chats export pages: every row must equal the nested
// element of the emulator's chats (none missing, none extra), with no request of their own.

const WITH_CHILDREN = ["chats", ...CHAT_CHILD_STREAMS];

describe("child streams of chats: one shared read of the chats export", () => {
  let emulator: Emulator;
  let alone: RunResult;
  let all: RunResult;
  let onlyHistory: RunResult;
  let requestsAlone = 0;
  let requestsAll = 0;
  let requestsOnlyHistory = 0;
  const unexpected: string[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 19, chats: 2600, sameSecondChats: 1100 });
    emulator.resetStats();
    alone = await readFrom(emulator, { catalog: catalogFor(["chats"]) });
    requestsAlone = emulator.stats().requests;
    unexpected.push(...unexpectedRequestLines(emulator));
    emulator.resetStats();
    all = await readFrom(emulator, { catalog: catalogFor(WITH_CHILDREN) });
    requestsAll = emulator.stats().requests;
    unexpected.push(...unexpectedRequestLines(emulator));
    emulator.resetStats();
    onlyHistory = await readFrom(emulator, { catalog: catalogFor(["chat_history"]) });
    requestsOnlyHistory = emulator.stats().requests;
    unexpected.push(...unexpectedRequestLines(emulator));
  }, 120_000);
  afterAll(() => emulator?.close());

  it("exit 0, no errors, no unexpected request", () => {
    expectCleanRuns([alone, all, onlyHistory], unexpected);
  });

  it("chats and all seven child streams make exactly as many requests as chats alone", () => {
    expect(requestsAlone).toBeGreaterThan(2);
    expect(requestsAll).toBe(requestsAlone);
    expect(requestsOnlyHistory).toBe(requestsAlone);
  });

  it.each(["chats", ...CHAT_CHILD_STREAMS])(
    "%s: exactly the nested elements of the emulator's chats",
    (stream) => {
      const expected = expectedRecords(emulator, stream);
      expect(expected.length, stream).toBeGreaterThan(0);
      expect(all.records(stream)).toEqual(expected);
    },
  );

  it("selecting only a child stream emits only its rows", () => {
    expect(onlyHistory.records()).toEqual(onlyHistory.records("chat_history"));
    expect(onlyHistory.records("chat_history")).toEqual(expectedRecords(emulator, "chat_history"));
  });

  it("each stream has its own status and states counting its own records", () => {
    for (const stream of WITH_CHILDREN) {
      expect(all.statuses(stream), stream).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
      const counted = all
        .states(stream)
        .reduce((n: number, s: { sourceStats: { recordCount: number } }) => n + s.sourceStats.recordCount, 0);
      expect(counted, stream).toBe(all.records(stream).length);
    }
  });

  it("offline messages yield no history, engagement, conversion or agent rows", () => {
    const offline = new Set(
      [...emulator.records("chats")].filter((c) => c.type === "offline_msg").map((c) => c.id as string),
    );
    expect(offline.size).toBeGreaterThan(0);
    for (const stream of ["chat_engagements", "chat_conversions", "chat_agents"])
      for (const row of all.records(stream)) expect(offline.has(row.chat_id as string), stream).toBe(false);
  });
});

describe("child streams of chats: incremental", () => {
  let emulator: Emulator;
  let sync1: RunResult;
  let sync2: RunResult;
  let late: RunResult;
  let lateRequests = 0;
  let chatsOnly: RunResult;
  const catalog = catalogFor(WITH_CHILDREN, "incremental");

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 23, chats: 2200, sameSecondChats: 1100 });
    sync1 = await readFrom(emulator, { catalog });
    chatsOnly = await readFrom(emulator, { catalog: catalogFor(["chats"], "incremental") });
    emulator.advance({ seconds: 7200, newChats: 40, updatedChats: 60 });
    sync2 = await readFrom(emulator, { catalog, state: finalStates(sync1) });
    // chat_history added to the connection later: no state of its own, next to a recent chats state.
    emulator.resetStats();
    late = await readFrom(emulator, {
      catalog: catalogFor(["chats", "chat_history"], "incremental"),
      state: finalStates(chatsOnly),
    });
    lateRequests = emulator.stats().requests;
  }, 120_000);
  afterAll(() => emulator?.close());

  it("sync 1 reads every child row exactly as nested in the emulator's chats", () => {
    expect(sync1.exitCode).toBe(0);
    // sync 1 ran before the advance; chatsOnly read the same data: compare against it.
    for (const stream of CHAT_CHILD_STREAMS) expect(sync1.records(stream).length, stream).toBeGreaterThan(0);
    expect(sync1.records("chats")).toEqual(chatsOnly.records("chats"));
  });

  it("sync 2 re-emits all children of each updated or new chat, nothing before the state", () => {
    expect(sync2.exitCode).toBe(0);
    expect(sync2.traces("ERROR")).toEqual([]);
    const updated = new Set(sync2.records("chats").map((c) => c.id as string));
    expect(updated.size).toBeGreaterThanOrEqual(100);
    const current = new Map([...emulator.records("chats")].map((c) => [c.id as string, c]));
    for (const stream of CHAT_CHILD_STREAMS) {
      const expected = expectedRecords(emulator, stream).filter((row) => updated.has(row.chat_id as string));
      const got = new Map(sync2.records(stream).map((r) => [keyOf(stream, r), r]));
      // Every child row of a re-exported chat comes again, as it is now; nothing of other chats.
      expect(got.size, stream).toBe(expected.length);
      for (const row of expected) expect(got.get(keyOf(stream, row)), stream).toEqual(row);
      for (const row of got.values())
        expect(current.get(row.chat_id as string)?.update_timestamp, stream).toBe(row.chat_update_timestamp);
    }
  });

  it("a deduped merge of both syncs holds exactly each chat's latest children", () => {
    for (const stream of CHAT_CHILD_STREAMS) {
      const merged = dedupMerge(stream, sync1, sync2);
      const expected = expectedRecords(emulator, stream);
      expect(merged.size, stream).toBe(new Set(expected.map((r) => keyOf(stream, r))).size);
      for (const row of expected) expect(merged.get(keyOf(stream, row)), stream).toEqual(row);
    }
  });

  it("a child stream added later (no state) next to chats with a recent state gets all its rows", () => {
    expect(late.exitCode).toBe(0);
    expect(late.traces("ERROR")).toEqual([]);
    expect(late.records("chat_history")).toEqual(expectedRecords(emulator, "chat_history"));
    // chats itself skips what it already had: only the changes since its state (and its boundary).
    const bound = toEpochMicros(
      finalStates(chatsOnly).find((s) => s.stream.stream_descriptor.name === "chats").stream.stream_state
        .update_timestamp,
    ) as number;
    const newer = expectedRecords(emulator, "chats").filter(
      (c) => (toEpochMicros(c.update_timestamp) as number) >= bound,
    );
    expect(late.records("chats").length).toBeLessThanOrEqual(newer.length);
    for (const chat of late.records("chats"))
      expect(toEpochMicros(chat.update_timestamp) as number).toBeGreaterThanOrEqual(bound);
    expect(new Set(late.records("chats").map((c) => c.id))).toEqual(
      new Set(newer.filter((c) => (toEpochMicros(c.update_timestamp) as number) > bound).map((c) => c.id)),
    );
    expect(lateRequests).toBeGreaterThan(2);
    expect(late.states("chat_history").at(-1).stream.stream_state.chat_update_timestamp).toBeDefined();
  });
});

describe("a child stream whose chats give it no rows", () => {
  const emulator = useEmulator({ seed: 24, chats: 900 });

  it("still moves its state to the last chat read, so the next sync does not read the whole export again", async () => {
    // Most chats have no conversions; the newest ones may have none at all.
    const catalog = catalogFor(["chat_conversions"], "incremental");
    const first = await readFrom(emulator, { catalog });
    expect(first.exitCode).toBe(0);
    const chats = expectedRecords(emulator, "chats");
    const newest = chats.at(-1) as Record<string, unknown>;
    const state = finalStates(first)[0].stream.stream_state;
    expect(toEpochMicros(state.chat_update_timestamp)).toBe(toEpochMicros(newest.update_timestamp));
    emulator.resetStats();
    const second = await readFrom(emulator, { catalog, state: finalStates(first) });
    expect(second.exitCode).toBe(0);
    expect(second.records("chat_conversions")).toEqual([]);
    // The boundary page and the empty page after it: not the whole export again.
    expect(emulator.stats().byEndpoint["incremental/chats"]).toBeLessThanOrEqual(2);
  });
});
