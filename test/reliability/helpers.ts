import { expect } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import type { Message, RunOptions, RunResult } from "../helpers/cli.js";
import {
  CURSOR,
  keyOf as primaryKeyOf,
  readFrom,
  type StreamName,
  visibleRecords,
} from "../helpers/emulator.js";

export { CLI as cliPath, runCli } from "../helpers/cli.js";
export { readFrom } from "../helpers/emulator.js";

/** Fast retries for fault tests: tiny backoff base and cap, so 5 attempts take well under a second. */
export const FAST_RETRY_ENV = {
  ZENDESK_CHAT_BACKOFF_BASE_MS: "20",
  ZENDESK_CHAT_BACKOFF_CAP_MS: "200",
  ZENDESK_CHAT_TIMEOUT_MS: "5000",
} as const;

/** Runs `read` against the emulator with fast retries (plus any extra env). */
export function readFast(
  emulator: Emulator,
  input: { config?: unknown; catalog: unknown; state?: unknown },
  options: RunOptions = {},
): Promise<RunResult> {
  return readFrom(emulator, input, {
    timeoutMs: 60_000,
    ...options,
    env: { ...FAST_RETRY_ENV, ...options.env },
  });
}

export const keyOf = (record: Record<string, unknown>) => String(record.id ?? record.account_key);

export function cursorValue(stream: StreamName, value: unknown): number {
  return CURSOR[stream] === "id" ? Number(value) : (toEpochMicros(value) as number);
}

/** Every primary key of `expected` appears exactly once in `actual`, and nothing else does. */
export function expectExactlyOnce(
  actual: Array<Record<string, unknown>>,
  expected: Array<Record<string, unknown>>,
  label: string,
): void {
  const counts = new Map<string, number>();
  for (const record of actual) counts.set(keyOf(record), (counts.get(keyOf(record)) ?? 0) + 1);
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  expect(duplicated.slice(0, 5), `${label}: duplicated keys`).toEqual([]);
  const expectedKeys = new Set(expected.map(keyOf));
  const missing = [...expectedKeys].filter((k) => !counts.has(k));
  const extra = [...counts.keys()].filter((k) => !expectedKeys.has(k));
  expect(missing.slice(0, 5), `${label}: missing (${missing.length})`).toEqual([]);
  expect(extra.slice(0, 5), `${label}: unexpected (${extra.length})`).toEqual([]);
  expect(actual.length, `${label}: record count`).toBe(expected.length);
}

/**
 * The checkpointing invariant: a STATE never claims more than was written. For every STATE of an
 * incremental stream, its cursor is at most the highest cursor among that stream's records emitted
 * before it (or it is the state the sync started from). Returns the number of states checked.
 */
export function expectStatesCoverOnlyWrittenRecords(
  result: RunResult,
  stream: StreamName,
  startCursor?: number,
  /**
   * For a child stream (chat_tags…): the parent whose records bound its state. A chat without tags
   * moves chat_tags' cursor too (nothing up to it is left to deliver), so its state may pass its own
   * last row, but never the last chat read.
   */
  parent?: StreamName,
): number {
  const field = CURSOR[stream] as string;
  const source = parent ?? stream;
  const sourceField = CURSOR[source] as string;
  let max = startCursor ?? Number.NEGATIVE_INFINITY;
  let checked = 0;
  for (const message of result.messages as Message[]) {
    if (message.type === "RECORD" && message.record.stream === source) {
      const value = cursorValue(source, message.record.data[sourceField]);
      if (value > max) max = value;
    } else if (message.type === "STATE" && message.state.stream?.stream_descriptor?.name === stream) {
      const state = message.state.stream.stream_state ?? {};
      if (state[field] === undefined) continue;
      const value = cursorValue(stream, state[field]);
      expect(value, `${stream} STATE #${checked + 1} ahead of the records written`).toBeLessThanOrEqual(max);
      checked += 1;
    }
  }
  return checked;
}

/** The single failure of a run: non-zero exit, exactly one TRACE ERROR of the given type, no stack. */
export function expectOneFailure(result: RunResult, failureType: string, message?: RegExp) {
  expect(result.exitCode, result.stderr).not.toBe(0);
  const errors = result.traces("ERROR");
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  const error = errors[0].error;
  expect(error.failure_type, error.message).toBe(failureType);
  if (message) expect(error.message).toMatch(message);
  expectNoStackTrace(result);
  return error;
}

export function expectNoStackTrace(result: RunResult) {
  expect(result.stdout).not.toContain("stack_trace");
  expect(result.stdout).not.toMatch(/ {4}at /);
  expect(result.stdout).not.toMatch(/\\n {4}at /);
}

/** Adds the faults the emulator injected so far to `injected`, then clears faults and stats. */
export function resetFaults(emulator: Emulator, injected: Record<string, number>): void {
  for (const [kind, count] of Object.entries(emulator.stats().faultsInjected)) {
    injected[kind] = (injected[kind] ?? 0) + count;
  }
  emulator.faults.clear();
  emulator.resetStats();
}

/**
 * Each stream's records equal what the emulator serves now (its visible records), each once
 * (compared by primary key and content), and the stream ended COMPLETE.
 */
export function expectStreamsExact(result: RunResult, emulator: Emulator, streams: readonly string[]) {
  for (const stream of streams) {
    const got = result.records(stream);
    const want = visibleRecords(emulator, stream);
    expect(want.length, `${stream}: the emulator has records`).toBeGreaterThan(0);
    const byKey = new Map(got.map((r) => [primaryKeyOf(stream, r), r]));
    expect(byKey.size, `${stream}: duplicates`).toBe(got.length);
    expect(got.length, `${stream}: record count`).toBe(want.length);
    for (const record of want) expect(byKey.get(primaryKeyOf(stream, record)), stream).toEqual(record);
    expect(result.statuses(stream).at(-1), stream).toBe("COMPLETE");
  }
}
