import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { Message } from "../helpers/cli.js";
import { accessTokenConfig, withEmulator } from "../helpers/emulator.js";
import { cursorValue, readUntilKilled } from "./helpers.js";

// kill -9 the connector at seeded random points of a large chats sync, each time resuming from the
// last STATE the previous run printed (what Airbyte would have saved), until a run completes. The
// records committed by each run (those before its last STATE) plus the final run's must be exactly
// the emulator's chats: nothing lost; re-reads only at the state boundary (at-least-once).

const CHATS = 20_000;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_601);

/** mulberry32: a small seeded PRNG, so a failing crash schedule can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kill = { afterRecords: number } | { afterMs: number } | null;

interface Run {
  kill: Kill;
  killed: boolean;
  exitCode: number | null;
  records: Array<Record<string, unknown>>;
  /** Index into `records` up to which the last STATE seen covers. */
  committed: number;
  lastState: Message | undefined;
  states: Array<{ state: Message; recordsBefore: Record<string, number> }>;
  errors: Message[];
}

/** Reads chats from `state`, SIGKILLed per `kill`; resolves when the process is gone. */
async function runUntilKilled(emulator: Emulator, state: Message[] | undefined, kill: Kill): Promise<Run> {
  const run = await readUntilKilled(
    {
      config: accessTokenConfig(emulator),
      streams: ["chats"],
      state,
      env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl },
    },
    {
      afterMs: kill && "afterMs" in kill ? kill.afterMs : undefined,
      on: (_message, seen) =>
        kill !== null && "afterRecords" in kill && (seen.records.chats?.length ?? 0) >= kill.afterRecords,
    },
  );
  const states = run.states.chats ?? [];
  return {
    kill,
    killed: run.killed,
    exitCode: run.exitCode,
    records: run.records.chats ?? [],
    committed: run.committed.chats ?? 0,
    lastState: states.at(-1)?.state,
    states,
    errors: run.errors,
  };
}

describe("crash (kill -9) at random points of a 20k-chat sync, then resume from the last STATE", () => {
  let emulator: Emulator;
  const runs: Run[] = [];
  let expected: Map<string, string>;

  beforeAll(async () => {
    // 1500 chats share one update second, so some kills land inside a same-second run.
    emulator = await withEmulator({ seed: 51, chats: CHATS, sameSecondChats: 1500 });
    expected = new Map([...emulator.records("chats")].map((r) => [String(r.id), JSON.stringify(r)]));
    const random = prng(SEED);
    // Alternate: kill after K records (anywhere in a run), or after D ms (wherever it is then).
    const plan: Kill[] = [
      { afterRecords: 500 + Math.floor(random() * 4000) },
      { afterMs: 300 + Math.floor(random() * 1200) },
      { afterRecords: 1000 + Math.floor(random() * 5000) },
      { afterMs: 300 + Math.floor(random() * 1500) },
      { afterRecords: 1 + Math.floor(random() * 3000) },
      null, // the last run is left to finish
    ];
    let state: Message[] | undefined;
    for (const kill of plan) {
      const run = await runUntilKilled(emulator, state, kill);
      runs.push(run);
      if (run.lastState) state = [{ type: "STREAM", stream: run.lastState.state.stream }];
      if (!run.killed) break;
    }
  }, 120_000);
  afterAll(() => emulator?.close());

  it("crashes happened where planned and the last run completed", () => {
    const crashed = runs.filter((r) => r.killed);
    expect(crashed.length).toBeGreaterThanOrEqual(3);
    const last = runs.at(-1) as Run;
    expect(last.killed).toBe(false);
    expect(last.exitCode).toBe(0);
    expect(last.errors).toEqual([]);
    console.log(
      `[reliability] crash/resume (seed ${SEED}): ${runs
        .map((r) =>
          r.killed
            ? `killed ${JSON.stringify(r.kill)} after ${r.records.length} records seen, ${r.committed} committed`
            : `completed with ${r.records.length} records`,
        )
        .join(" → ")}`,
    );
  });

  it("no record lost: committed records of every run + the final run = the emulator's chats", () => {
    const seen = new Map<string, number>();
    for (const run of runs) {
      const upTo = run.killed ? run.committed : run.records.length;
      for (const record of run.records.slice(0, upTo))
        seen.set(String(record.id), (seen.get(String(record.id)) ?? 0) + 1);
    }
    const lost = [...expected.keys()].filter((id) => !seen.has(id));
    const unknown = [...seen.keys()].filter((id) => !expected.has(id));
    console.log(
      `[reliability] crash/resume: ${expected.size} chats, ${lost.length} lost, ${[...seen.values()].filter((n) => n > 1).length} re-delivered at a state boundary`,
    );
    expect(lost).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it("duplicates are only of the at-least-once kind, and none remain after dedup by primary key", () => {
    // A record delivered twice is identical both times, and its cursor is at (or after) the cursor
    // of the state the re-delivering run started from: it was re-read from the boundary.
    const latest = new Map<string, string>();
    let start = Number.NEGATIVE_INFINITY;
    const firstSeen = new Map<string, string>();
    for (const run of runs) {
      const upTo = run.killed ? run.committed : run.records.length;
      for (const record of run.records.slice(0, upTo)) {
        const id = String(record.id);
        const json = JSON.stringify(record);
        if (firstSeen.has(id)) {
          expect(json).toBe(firstSeen.get(id));
          expect(cursorValue("chats", record.update_timestamp)).toBeGreaterThanOrEqual(start);
        } else firstSeen.set(id, json);
        latest.set(id, json);
      }
      const cursor = run.lastState?.state.stream.stream_state.update_timestamp;
      if (cursor !== undefined) start = cursorValue("chats", cursor);
    }
    expect(latest.size).toBe(expected.size);
    for (const [id, json] of expected) expect(latest.get(id)).toBe(json);
  });

  it("every STATE covers only records already written, and states never go backwards", () => {
    let resumeFrom = Number.NEGATIVE_INFINITY;
    for (const run of runs) {
      let previous = resumeFrom;
      for (const { state, recordsBefore } of run.states) {
        const value = cursorValue("chats", state.state.stream.stream_state.update_timestamp);
        expect(value).toBeGreaterThanOrEqual(previous);
        const written = run.records
          .slice(0, recordsBefore.chats)
          .reduce((max, r) => Math.max(max, cursorValue("chats", r.update_timestamp)), resumeFrom);
        expect(value).toBeLessThanOrEqual(written);
        previous = value;
      }
      resumeFrom = previous;
    }
  });
});
