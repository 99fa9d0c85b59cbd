import type { ChildProcess } from "node:child_process";
import { expect } from "vitest";
import type { Emulator, FaultSpec } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import {
  CLI,
  type Message,
  type RunOptions,
  type RunResult,
  runRawProcess,
  writeJsonFiles,
} from "../helpers/cli.js";
import {
  CURSOR,
  catalogFor,
  keyOf as primaryKeyOf,
  readFrom,
  type StreamName,
  visibleRecords,
} from "../helpers/emulator.js";
import { messageErrors } from "../helpers/protocol.js";

export { runCli } from "../helpers/cli.js";
export { readFrom } from "../helpers/emulator.js";

/** Runs `read` (fast retries) with `fault` injected for the whole run; the faults are cleared after, whatever happens. */
export async function readUnderFault(
  emulator: Emulator,
  fault: FaultSpec,
  input: { config?: unknown; catalog: unknown; state?: unknown },
): Promise<RunResult> {
  emulator.faults.add(fault);
  try {
    return await readFast(emulator, input);
  } finally {
    emulator.faults.clear();
  }
}

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

export function cursorValue(stream: StreamName, value: unknown): number {
  return CURSOR[stream] === "id" ? Number(value) : (toEpochMicros(value) as number);
}

/** Every primary key of `expected` appears exactly once in `actual`, and nothing else does. */
export function expectExactlyOnce(
  stream: StreamName,
  actual: Array<Record<string, unknown>>,
  expected: Array<Record<string, unknown>>,
  label: string = stream,
): void {
  const keyOf = (record: Record<string, unknown>) => primaryKeyOf(stream, record);
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

/** A `read` that a test may kill -9 mid-way: what reached stdout before the kill, per stream. */
export interface KilledRun {
  killed: boolean;
  exitCode: number | null;
  records: Record<string, Array<Record<string, unknown>>>;
  /** Per stream: how many of its records the last STATE seen covers. */
  committed: Record<string, number>;
  /** recordsBefore: per stream, how many records the run had written when the STATE came. */
  states: Record<string, Array<{ state: Message; recordsBefore: Record<string, number> }>>;
  statuses: Record<string, string[]>;
  errors: Message[];
}

/**
 * Runs `read` of `streams` (incremental) from `state`, every stdout line validated as it arrives,
 * and SIGKILLs it when `kill.on` says so or `kill.afterMs` after the start; resolves when it is gone.
 * Lines after the kill are dropped: what a killed process had not flushed never reached Airbyte.
 */
export async function readUntilKilled(
  input: {
    config: unknown;
    streams: readonly string[];
    state: Message[] | undefined;
    env: Record<string, string>;
  },
  kill: { on?: (message: Message, run: KilledRun) => boolean; afterMs?: number },
): Promise<KilledRun> {
  const files = writeJsonFiles({
    config: input.config,
    catalog: catalogFor([...input.streams], "incremental"),
    ...(input.state ? { state: input.state } : {}),
  });
  const args = ["read", "--config", files.config, "--catalog", files.catalog];
  if (input.state) args.push("--state", (files as { state: string }).state);
  const per = <T>(make: () => T) =>
    Object.fromEntries(input.streams.map((s) => [s, make()])) as Record<string, T>;
  const run: KilledRun = {
    killed: false,
    exitCode: null,
    records: per(() => []),
    committed: per(() => 0),
    states: per(() => []),
    statuses: per(() => []),
    errors: [],
  };
  const doKill = (child: ChildProcess) => {
    if (run.killed || child.exitCode !== null) return;
    run.killed = true;
    child.kill("SIGKILL");
  };
  let timer: NodeJS.Timeout | undefined;
  const result = await runRawProcess(process.execPath, [CLI, ...args], {
    env: { ...FAST_RETRY_ENV, ...input.env },
    timeoutMs: 60_000,
    onSpawn: (child) => {
      if (kill.afterMs !== undefined) timer = setTimeout(() => doKill(child), kill.afterMs);
    },
    onLine: (line, _at, child) => {
      if (run.killed) return;
      const message = JSON.parse(line);
      const errors = messageErrors(message);
      if (errors) throw new Error(`invalid message ${errors}: ${line.slice(0, 200)}`);
      if (message.type === "RECORD") {
        run.records[message.record.stream]?.push(message.record.data);
      } else if (message.type === "STATE") {
        const name = message.state.stream.stream_descriptor.name;
        const recordsBefore = Object.fromEntries(input.streams.map((s) => [s, run.records[s]?.length ?? 0]));
        run.states[name]?.push({ state: message, recordsBefore });
        run.committed[name] = run.records[name]?.length ?? 0;
      } else if (message.type === "TRACE" && message.trace.type === "STREAM_STATUS") {
        run.statuses[message.trace.stream_status.stream_descriptor.name]?.push(
          message.trace.stream_status.status,
        );
      } else if (message.type === "TRACE" && message.trace.type === "ERROR") run.errors.push(message);
      if (kill.on?.(message, run)) doKill(child);
    },
  });
  clearTimeout(timer);
  run.exitCode = result.exitCode;
  return run;
}

/**
 * None of `secrets` in the run's stdout or stderr. CONTROL messages are left out of stdout: they are
 * how a refreshed token reaches Airbyte's saved config, and they carry it by design.
 */
export function expectNoSecret(name: string, result: RunResult, secrets: Iterable<string>): void {
  const stdout = result.stdout
    .split("\n")
    .filter((line) => !line.startsWith('{"type":"CONTROL"'))
    .join("\n");
  for (const secret of secrets) {
    expect(stdout.includes(secret), `${name}: stdout leaks ${secret.slice(0, 14)}…`).toBe(false);
    expect(result.stderr.includes(secret), `${name}: stderr leaks ${secret.slice(0, 14)}…`).toBe(false);
  }
}
