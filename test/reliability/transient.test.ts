import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, FaultKind } from "../../emulator/index.js";
import { finalStates } from "../helpers/cli.js";
import { catalogFor, expectedRecords, keyOf, useEmulator, withEmulator } from "../helpers/emulator.js";
import {
  expectExactlyOnce,
  expectOneFailure,
  expectStatesCoverOnlyWrittenRecords,
  readFast,
} from "./helpers.js";

// Transport-level faults the real API produces. Each is injected on every paged endpoint (twice in a
// row on the second page) and must be retried away; then injected forever on the chats export, where
// the sync must fail cleanly after the retry budget with state only for records already written.

const PAGED = ["incremental/chats", "incremental/agent_timeline", "agents", "bans"] as const;
const STREAMS = ["chats", "agent_timeline", "agents", "bans", "departments"] as const;
type Kind = Extract<FaultKind, "500" | "502" | "503" | "reset" | "timeout" | "truncated" | "malformed">;
const KINDS: Kind[] = ["500", "502", "503", "reset", "timeout", "truncated", "malformed"];

/** Timeout faults need a short client timeout; the emulator holds the request much longer. */
const envFor = (kind: Kind) => (kind === "timeout" ? { ZENDESK_CHAT_TIMEOUT_MS: "500" } : {});
/** A 1000-chat page can take longer than that short timeout on a loaded machine: no chats then. */
const pagedFor = (kind: Kind) => PAGED.filter((e) => kind !== "timeout" || e !== "incremental/chats");
const streamsFor = (kind: Kind) => STREAMS.filter((s) => kind !== "timeout" || s !== "chats");
const faultFor = (kind: Kind) => (kind === "timeout" ? { delayMs: 10_000 } : {});

/** Faults the emulator reports having injected, per kind, over this file. */
const injected: Record<string, number> = {};
function collect(emulator: Emulator) {
  for (const [k, v] of Object.entries(emulator.stats().faultsInjected)) injected[k] = (injected[k] ?? 0) + v;
}
afterAll(() => console.log(`[reliability] transient faults injected: ${JSON.stringify(injected)}`));

describe("transient faults: retried with backoff and jitter, then every record exactly once", () => {
  const emulator = useEmulator({ seed: 21, chats: 1100, agents: 230, bans: 230, timelineEntries: 2100 });

  it.each(KINDS)("%s twice in a row on every paged endpoint: recovered", async (kind) => {
    collect(emulator);
    emulator.faults.clear();
    emulator.resetStats();
    for (const endpoint of pagedFor(kind))
      emulator.faults.add({ kind, endpoint, afterRequests: 1, times: 2, ...faultFor(kind) });
    const result = await readFast(emulator, { catalog: catalogFor(streamsFor(kind)) }, { env: envFor(kind) });

    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode, result.stderr).toBe(0);
    for (const stream of streamsFor(kind))
      expectExactlyOnce(
        stream,
        result.records(stream),
        expectedRecords(emulator, stream),
        `${kind} ${stream}`,
      );
    expect(emulator.stats().faultsInjected[kind]).toBe(2 * pagedFor(kind).length);

    // Each retry is logged with its wait; the waits are full-jitter exponential: within [0, base*2^n].
    const retries = result
      .logs("WARN")
      .map((l) => /^Retrying .* in (\d+) ms \(attempt (\d+) of (\d+)\)/.exec(l.message))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(retries.length).toBe(2 * pagedFor(kind).length);
    for (const [, wait, attempt] of retries) {
      expect(Number(wait)).toBeGreaterThanOrEqual(0);
      expect(Number(wait)).toBeLessThanOrEqual(20 * 2 ** (Number(attempt) - 1));
    }
    for (const stream of streamsFor(kind)) expect(result.statuses(stream).at(-1)).toBe("COMPLETE");
  });

  it("backoff is jittered: retry waits are not all the same", async () => {
    collect(emulator);
    emulator.faults.clear();
    emulator.resetStats();
    emulator.faults.add({ kind: "503", endpoint: "agents", times: 8, every: 1 });
    const result = await readFast(
      emulator,
      { catalog: catalogFor(["agents"]) },
      { env: { ZENDESK_CHAT_MAX_ATTEMPTS: "20", ZENDESK_CHAT_BACKOFF_BASE_MS: "50" } },
    );
    expect(result.exitCode).toBe(0);
    const waits = result
      .logs("WARN")
      .map((l) => /in (\d+) ms \(attempt/.exec(l.message)?.[1])
      .filter((w) => w !== undefined)
      .map(Number);
    expect(waits.length).toBe(8);
    expect(new Set(waits).size).toBeGreaterThan(3);
    // capped (ZENDESK_CHAT_BACKOFF_CAP_MS = 200)
    expect(Math.max(...waits)).toBeLessThanOrEqual(200);
    collect(emulator);
    emulator.resetStats();
  });
});

describe("transient faults that outlast the retries: a clean failure that loses nothing", () => {
  let emulator: Emulator;
  const summary: string[] = [];
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 22, chats: 10, agents: 20, bans: 20, timelineEntries: 2500 });
  });
  afterAll(() => {
    collect(emulator);
    console.log(`[reliability] exhausted retries: ${summary.join("; ")}`);
    return emulator?.close();
  });

  it.each(KINDS)(
    "%s forever from the third agent_timeline page: transient_error, INCOMPLETE, resumable",
    async (kind) => {
      collect(emulator);
      emulator.faults.clear();
      emulator.resetStats();
      emulator.faults.add({
        kind,
        endpoint: "incremental/agent_timeline",
        afterRequests: 2,
        times: Number.POSITIVE_INFINITY,
        ...faultFor(kind),
      });
      const catalog = catalogFor(["agent_timeline", "departments"], "incremental");
      const result = await readFast(emulator, { catalog }, { env: envFor(kind) });

      const error = expectOneFailure(result, "transient_error", /after 5 attempts/);
      expect(error.stream_descriptor).toEqual({ name: "agent_timeline" });
      expect(result.statuses("agent_timeline").at(-1)).toBe("INCOMPLETE");
      // The other stream still ran.
      expect(result.statuses("departments").at(-1)).toBe("COMPLETE");
      expect(emulator.stats().faultsInjected[kind]).toBe(5);

      // The two pages read were written (the real API's agent_timeline pages hold at most 200
      // entries, the second repeating the first's boundary entry), and state only ever covers them.
      const written = result.records("agent_timeline");
      expect(written.length).toBe(399);
      expect(new Set(written.map((r) => keyOf("agent_timeline", r))).size).toBe(written.length);
      expect(expectStatesCoverOnlyWrittenRecords(result, "agent_timeline")).toBeGreaterThanOrEqual(1);

      // The next sync resumes from that state and, together, nothing is missing.
      emulator.faults.clear();
      const resumed = await readFast(emulator, { catalog, state: finalStates(result) });
      expect(resumed.exitCode).toBe(0);
      const union = new Map<string, unknown>();
      for (const r of [...written, ...resumed.records("agent_timeline")])
        union.set(keyOf("agent_timeline", r), r);
      expect(union.size).toBe(emulator.count("agent_timeline"));
      const duplicates = written.length + resumed.records("agent_timeline").length - union.size;
      summary.push(`${kind}: ${written.length} written, ${duplicates} re-read on resume`);
    },
  );
});
