import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BansPaging, Emulator } from "../../emulator/index.js";
import { finalStates, type Message, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  expectedRecords,
  readFrom,
  unexpectedRequestLines,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";

// Issue #22, point 3: `GET bans` answers two lists (ip_address, visitor) a page. Whether since_id
// and limit apply to the two together (one id sequence) or to each apart is undocumented; the
// emulator serves both readings, and a read must be exact under both.

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.id) - Number(b.id);

/**
 * Every STATE of bans claims only ids all of whose bans (of either kind) were written before it: a
 * sync resumed from it (since_id = id + 1) misses nothing.
 */
function expectStatesCoverEveryLowerBan(run: RunResult, all: Array<Record<string, unknown>>) {
  const written = new Set<number>();
  let checked = 0;
  for (const message of run.messages as Message[]) {
    if (message.type === "RECORD" && message.record.stream === "bans") written.add(message.record.data.id);
    if (message.type === "STATE" && message.state.stream.stream_descriptor.name === "bans") {
      const id = message.state.stream.stream_state.id as number | undefined;
      if (id === undefined) continue;
      const missing = all.filter((b) => Number(b.id) <= id && !written.has(Number(b.id))).map((b) => b.id);
      expect(missing.slice(0, 5), `STATE id ${id} claims bans not written yet`).toEqual([]);
      checked += 1;
    }
  }
  return checked;
}

describe.each(["per_list", "together"] as BansPaging[])("bans, since_id/limit applied %s", (bansPaging) => {
  let emulator: Emulator;
  let full: RunResult;
  let incremental: RunResult;
  beforeAll(async () => {
    // ~2500 bans of each kind: both lists come full (1000 a page) for a few pages.
    emulator = await withEmulator({ seed: 2230, bans: 5000, bansPaging });
    full = await readFrom(emulator, { catalog: catalogFor(["bans"]) });
    incremental = await readFrom(emulator, { catalog: catalogFor(["bans"], "incremental") });
  });
  afterAll(() => emulator?.close());

  it("a full and an incremental read return every ban exactly once, exit 0", () => {
    const want = [...expectedRecords(emulator, "bans")].sort(byId);
    expect(want.filter((b) => b.type === "ip_address").length).toBeGreaterThan(2000);
    expect(want.filter((b) => b.type === "visitor").length).toBeGreaterThan(2000);
    for (const run of [full, incremental]) {
      expect(run.traces("ERROR")).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect([...run.records("bans")].sort(byId)).toEqual(want);
      expect(run.records("bans")).toHaveLength(want.length);
      expect(run.logs("WARN")).toEqual([]);
    }
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("every checkpoint claims only ids below which every ban was written; the last is the highest id", () => {
    const want = expectedRecords(emulator, "bans");
    expect(expectStatesCoverEveryLowerBan(incremental, want)).toBeGreaterThan(2);
    const last = finalStates(incremental)[0].stream.stream_state;
    expect(last).toEqual({ id: Math.max(...want.map((b) => Number(b.id))) });
  });

  it("a sync resumed from a checkpoint taken mid-list, with new bans since, reads exactly the rest", async () => {
    const states = incremental.states("bans");
    const middle = states[Math.floor(states.length / 2)].stream.stream_state.id as number;
    emulator.advance({ seconds: 60, newBans: 30 });
    const resumed = await readFrom(emulator, {
      catalog: catalogFor(["bans"], "incremental"),
      state: [
        { type: "STREAM", stream: { stream_descriptor: { name: "bans" }, stream_state: { id: middle } } },
      ],
    });
    expect(resumed.exitCode).toBe(0);
    const rest = expectedRecords(emulator, "bans").filter((b) => Number(b.id) > middle);
    expect(rest.length).toBeGreaterThan(1000);
    expect([...resumed.records("bans")].sort(byId)).toEqual([...rest].sort(byId));
  });
});

describe.each(["per_list", "together"] as BansPaging[])(
  "a small bans list, since_id/limit applied %s",
  (bansPaging) => {
    const emulator = useEmulator({ seed: 2231, bans: 260, bansPaging });

    it("costs no extra request: one page, then the empty page that ends the list", async () => {
      emulator.resetStats();
      const run = await readFrom(emulator, { catalog: catalogFor(["bans"], "incremental") });
      expect(run.exitCode).toBe(0);
      expect(run.records("bans")).toEqual(expectedRecords(emulator, "bans"));
      expect(emulator.stats().byEndpoint.bans).toBe(2);
    });
  },
);
