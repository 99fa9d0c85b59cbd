import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { allStreams } from "../../src/zendesk-chat/streams/index.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  CURSOR,
  catalogFor,
  dedupMerge,
  expectedRecords,
  INCREMENTAL_STREAMS,
  keyOf,
  readFrom,
  type StreamName,
  unexpectedRequestLines,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";

const cursorMicros = (stream: StreamName, value: unknown) =>
  CURSOR[stream] === "id" ? Number(value) : (toEpochMicros(value) as number);

describe("incremental sync: exactly-once per change, across same-second boundaries", () => {
  let emulator: Emulator;
  let sync1: RunResult;
  let sync2: RunResult;
  let sync3: RunResult;
  const unexpected: string[] = [];
  let requestsByEndpointSync3: Record<string, number> = {};
  let requestsSync3: number;
  const catalog = catalogFor(INCREMENTAL_STREAMS, "incremental");
  const changed = new Map<StreamName, Set<string>>();
  const countBefore = new Map<StreamName, number>();

  beforeAll(async () => {
    // 1500 chats share one update second: more than a 1000-record page.
    emulator = await withEmulator({ seed: 11, chats: 3000, sameSecondChats: 1500, timelineEntries: 2500 });
    sync1 = await readFrom(emulator, { catalog });
    const before = new Map(
      INCREMENTAL_STREAMS.map((s) => [
        s,
        new Map(expectedRecords(emulator, s).map((r) => [keyOf(s, r), JSON.stringify(r)])),
      ]),
    );
    for (const [stream, records] of before) countBefore.set(stream, records.size);
    emulator.advance({
      seconds: 7200,
      newChats: 30,
      updatedChats: 20,
      newAgents: 3,
      newBans: 4,
      newTimelineEntries: 25,
      newExportEvents: 12,
    });
    for (const stream of INCREMENTAL_STREAMS) {
      const set = new Set<string>();
      for (const record of expectedRecords(emulator, stream)) {
        const key = keyOf(stream, record);
        if (before.get(stream)?.get(key) !== JSON.stringify(record)) set.add(key);
      }
      changed.set(stream, set);
    }
    sync2 = await readFrom(emulator, { catalog, state: finalStates(sync1) });
    emulator.advance({ seconds: 3600 });
    unexpected.push(...unexpectedRequestLines(emulator));
    emulator.resetStats();
    sync3 = await readFrom(emulator, { catalog, state: finalStates(sync2) });
    requestsSync3 = emulator.stats().requests;
    requestsByEndpointSync3 = emulator.stats().byEndpoint;
    unexpected.push(...unexpectedRequestLines(emulator));
  }, 120_000);

  it("no sync made a request the real API would not expect", () => {
    expect(unexpected).toEqual([]);
  });
  afterAll(() => emulator?.close());

  it("sync 1 reads every record once from start_date", () => {
    expect(sync1.exitCode).toBe(0);
    for (const stream of INCREMENTAL_STREAMS) {
      const keys = sync1.records(stream).map((r) => keyOf(stream, r));
      expect(new Set(keys).size, `${stream} duplicates`).toBe(keys.length);
      expect(keys.length, stream).toBe(countBefore.get(stream));
    }
  });

  it("the advance produced new and updated records for every incremental stream", () => {
    for (const stream of INCREMENTAL_STREAMS) expect(changed.get(stream)?.size, stream).toBeGreaterThan(0);
  });

  it("sync 2 returns every new or changed record", () => {
    expect(sync2.exitCode).toBe(0);
    for (const stream of INCREMENTAL_STREAMS) {
      const got = new Set(sync2.records(stream).map((r) => keyOf(stream, r)));
      for (const key of changed.get(stream) ?? [])
        expect(got.has(key), `${stream} ${key} missing from sync 2`).toBe(true);
    }
  });

  it("sync 2 returns nothing older than sync 1's state (same-cursor boundary records only)", () => {
    for (const stream of INCREMENTAL_STREAMS) {
      const field = CURSOR[stream] as string;
      const state = finalStates(sync1).find((s) => s.stream.stream_descriptor.name === stream);
      const bound = cursorMicros(stream, state.stream.stream_state[field]);
      for (const record of sync2.records(stream)) {
        const value = cursorMicros(stream, record[field]);
        if (field === "id") expect(value, `${stream} ${keyOf(stream, record)}`).toBeGreaterThan(bound);
        else expect(value, `${stream} ${keyOf(stream, record)}`).toBeGreaterThanOrEqual(bound);
      }
    }
  });

  it("a deduped merge of both syncs equals the emulator's current data", () => {
    for (const stream of INCREMENTAL_STREAMS) {
      const merged = dedupMerge(stream, sync1, sync2);
      const current = expectedRecords(emulator, stream);
      expect(merged.size, stream).toBe(current.length);
      for (const record of current)
        expect(merged.get(keyOf(stream, record)), `${stream} ${record.id}`).toEqual(record);
    }
  });

  it("states are per stream, monotonic, and only advance", () => {
    for (const stream of INCREMENTAL_STREAMS) {
      const field = CURSOR[stream] as string;
      const values = [...sync1.states(stream), ...sync2.states(stream)].map((s) =>
        cursorMicros(stream, s.stream.stream_state[field]),
      );
      for (let i = 1; i < values.length; i++)
        expect(values[i], stream).toBeGreaterThanOrEqual(values[i - 1] as number);
    }
  });

  it("a sync with nothing new makes one request per id-paged stream, at most two per export, and keeps the state", () => {
    expect(sync3.exitCode).toBe(0);
    for (const stream of INCREMENTAL_STREAMS) expect(sync3.records(stream), stream).toEqual([]);
    // An export restarts at the saved (inclusive) cursor: its first page holds the boundary records
    // already delivered, and only the empty page after it proves nothing new exists (a short page
    // is not the end on the real API).
    // Child streams share the chats export's requests.
    const idPaged = allStreams.filter((s) => s.pagination.kind === "since_id").length;
    const exports = allStreams.filter((s) => s.pagination.kind === "incremental_export" && !s.parent).length;
    expect(requestsSync3).toBeLessThanOrEqual(idPaged + 2 * exports);
    // The agent timeline's first page (inclusive start_time) holds only the boundary entry and points
    // back at itself: nothing new, so that page is the end.
    expect(requestsByEndpointSync3["incremental/agent_timeline"]).toBe(1);
    expect(requestsByEndpointSync3["incremental/chats"]).toBe(2);
    const byName = (states: Array<{ stream: { stream_descriptor: { name: string } } }>) =>
      Object.fromEntries(states.map((s) => [s.stream.stream_descriptor.name, s]));
    expect(byName(finalStates(sync3))).toEqual(byName(finalStates(sync2)));
  });
});

describe("incremental edge cases", () => {
  const emulator = useEmulator({ seed: 3, chats: 400 });

  it("accepts the official connector's state (epoch-seconds string, legacy object) and honours it", async () => {
    const chats = expectedRecords(emulator, "chats");
    const middle = chats[Math.floor(chats.length / 2)] as Record<string, unknown>;
    const epoch = String((toEpochMicros(middle.update_timestamp) as number) / 1e6);
    const result = await readFrom(emulator, {
      catalog: catalogFor(["chats", "agents"], "incremental"),
      state: { chats: { update_timestamp: epoch }, agents: { id: 0 } },
    });
    expect(result.exitCode).toBe(0);
    const got = result.records("chats");
    const bound = toEpochMicros(middle.update_timestamp) as number;
    expect(got.length).toBe(
      chats.filter((c) => (toEpochMicros(c.update_timestamp) as number) >= bound).length,
    );
  });

  it("a far-future state reads nothing, makes no export request, and re-emits a valid state", async () => {
    emulator.resetStats();
    const result = await readFrom(emulator, {
      catalog: catalogFor(["chats", "agent_timeline", "agents", "bans"], "incremental"),
      state: [
        {
          type: "STREAM",
          stream: {
            stream_descriptor: { name: "chats" },
            stream_state: { update_timestamp: "2099-01-01T00:00:00Z" },
          },
        },
        {
          type: "STREAM",
          stream: {
            stream_descriptor: { name: "agent_timeline" },
            stream_state: { start_time: "2099-01-01T00:00:00Z" },
          },
        },
        {
          type: "STREAM",
          stream: { stream_descriptor: { name: "agents" }, stream_state: { id: 999999999999999 } },
        },
        {
          type: "STREAM",
          stream: { stream_descriptor: { name: "bans" }, stream_state: { id: 999999999999999 } },
        },
      ],
    });
    expect(result.exitCode).toBe(0);
    expect(result.records()).toEqual([]);
    expect(result.states("chats").at(-1).stream.stream_state).toEqual({
      update_timestamp: "2099-01-01T00:00:00Z",
    });
    expect(result.states("agents").at(-1).stream.stream_state).toEqual({ id: 999999999999999 });
    const byEndpoint = emulator.stats().byEndpoint;
    expect(Object.keys(byEndpoint).filter((e) => e.includes("incremental"))).toEqual([]);
  });

  it("a start_date moved after the state wins", async () => {
    const result = await readFrom(emulator, {
      config: {
        ...(await import("../helpers/emulator.js")).accessTokenConfig(emulator),
        start_date: "2026-05-01T00:00:00Z",
      },
      catalog: catalogFor(["chats"], "incremental"),
      state: { chats: { update_timestamp: "2025-01-01T00:00:00Z" } },
    });
    expect(result.exitCode).toBe(0);
    expect(result.traces("ERROR")).toEqual([]);
    const bound = toEpochMicros("2026-05-01T00:00:00Z") as number;
    const all = expectedRecords(emulator, "chats");
    const expected = all.filter((c) => (toEpochMicros(c.update_timestamp) as number) >= bound);
    // The bound filters something: the emulator holds chats on both sides of it.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(result.records("chats")).toEqual(expected);
  });
});
