import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  expectCleanRuns,
  expectedRecords,
  keyOf,
  readFrom,
  unexpectedRequestLines,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";

// conversions, department_events and agent_events page like the chats export (next_page always,
// short pages mid-way); each must return exactly the emulator's items, in a full and an incremental read.

const EXPORTS = ["conversions", "department_events", "agent_events"];

describe("the three newer exports against the emulator", () => {
  let emulator: Emulator;
  let full: RunResult;
  let sync1: RunResult;
  let sync2: RunResult;
  const unexpected: string[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 31, exportEvents: 4000 });
    full = await readFrom(emulator, { catalog: catalogFor(EXPORTS) });
    sync1 = await readFrom(emulator, { catalog: catalogFor(EXPORTS, "incremental") });
    emulator.advance({ seconds: 7200, newExportEvents: 40 });
    sync2 = await readFrom(emulator, {
      catalog: catalogFor(EXPORTS, "incremental"),
      state: finalStates(sync1),
    });
    unexpected.push(...unexpectedRequestLines(emulator));
  }, 120_000);
  afterAll(() => emulator?.close());

  it("exit 0, no errors, no request the real API would not expect", () => {
    expectCleanRuns([full, sync1, sync2], unexpected);
  });

  it.each(EXPORTS)("%s: a full read returns exactly the emulator's items (before the advance)", (stream) => {
    expect(full.records(stream).length).toBe(4000);
    expect(sync1.records(stream)).toEqual(full.records(stream));
  });

  it.each(EXPORTS)(
    "%s: the incremental sync returns exactly the new items, plus the boundary at most",
    (stream) => {
      const before = new Set(full.records(stream).map((r) => keyOf(stream, r)));
      const current = expectedRecords(emulator, stream);
      const fresh = current.filter((r) => !before.has(keyOf(stream, r)));
      expect(fresh.length).toBe(40);
      expect(sync2.records(stream)).toEqual(fresh);
      const merged = new Map(
        [...sync1.records(stream), ...sync2.records(stream)].map((r) => [keyOf(stream, r), r]),
      );
      expect([...merged.values()]).toEqual(current);
    },
  );

  it("emits TRACE ESTIMATE messages (type STREAM) during an export", () => {
    const estimates = full.traces("ESTIMATE");
    expect(estimates.length).toBeGreaterThan(0);
    for (const e of estimates) {
      expect(e.estimate.type).toBe("STREAM");
      expect(EXPORTS).toContain(e.estimate.name);
      expect(e.estimate.row_estimate).toBeGreaterThan(0);
    }
  });
});

describe("agent_events is in limited availability", () => {
  const emulator = useEmulator({ seed: 5 });

  it.each([403, 404] as const)(
    "a %i ends it empty with a warning; the other streams are read",
    async (status) => {
      emulator.faults.clear();
      emulator.faults.add({ kind: String(status) as "403" | "404", endpoint: "incremental/agent_events" });
      const result = await readFrom(emulator, { catalog: catalogFor(["agent_events", "conversions"]) });
      expect(result.exitCode).toBe(0);
      expect(result.traces("ERROR")).toEqual([]);
      expect(result.records("agent_events")).toEqual([]);
      expect(result.statuses("agent_events")).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
      const warnings = JSON.stringify(result.logs("WARN"));
      expect(warnings).toContain("agent_events");
      expect(warnings).toContain(String(status));
      expect(result.records("conversions")).toEqual(expectedRecords(emulator, "conversions"));
    },
  );

  it("a 403 on another stream still fails that stream", async () => {
    emulator.faults.clear();
    emulator.faults.add({ kind: "403", endpoint: "incremental/conversions" });
    const result = await readFrom(emulator, { catalog: catalogFor(["conversions"]) });
    expect(result.statuses("conversions")).toContain("INCOMPLETE");
  });
});
