import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Emulator } from "../../emulator/index.js";
import { DEFAULT_HEARTBEAT_MS } from "../../src/protocol/heartbeat.js";
import type { Message } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  expectedRecords,
  oauthConfig,
  withEmulator,
} from "../helpers/emulator.js";
import { readFast } from "./helpers.js";

// Issue #22, point 4: Airbyte ends a source that sends nothing for longer than the
// maxSecondsBetweenMessages of its metadata. No wait may leave stdout silent that long: the
// heartbeat (every ZENDESK_CHAT_HEARTBEAT_MS of silence, 250 ms here) repeats RUNNING + RATE_LIMITED
// while a 429 holds requests back, and logs what the read waits for otherwise.

const HEARTBEAT_MS = 250;
const WAIT_MS = 4000;

/** Runs `read` of departments, noting when each stdout message arrived. */
async function timedRead(emulator: Emulator, config?: unknown) {
  const arrivals: Array<{ at: number; message: Message }> = [];
  const run = await readFast(
    emulator,
    { config: config ?? accessTokenConfig(emulator), catalog: catalogFor(["departments"]) },
    {
      env: { ZENDESK_CHAT_HEARTBEAT_MS: String(HEARTBEAT_MS) },
      onLine: (message, at) => arrivals.push({ at, message }),
    },
  );
  return { run, arrivals };
}

/** The messages between the first one matching `from` and the first RECORD after it, with arrival times. */
function during(arrivals: Array<{ at: number; message: Message }>, from: (m: Message) => boolean) {
  const start = arrivals.findIndex((a) => from(a.message));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = arrivals.findIndex((a, i) => i > start && a.message.type === "RECORD");
  expect(end).toBeGreaterThan(start);
  return arrivals.slice(start, end + 1);
}

/** The longest silence between two consecutive messages, ms. */
const longestGap = (window: Array<{ at: number }>) =>
  Math.max(...window.slice(1).map((a, i) => a.at - (window[i] as { at: number }).at));

describe("no silence longer than the heartbeat while the read waits", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2240 });
  });
  afterEach(() => emulator.faults.clear());
  afterAll(() => emulator?.close());

  it(`a ${WAIT_MS / 1000} s Retry-After: RUNNING + RATE_LIMITED (with its quota reset) keep coming, then every record`, async () => {
    emulator.faults.add({ kind: "429", endpoint: "departments", delayMs: WAIT_MS });
    const { run, arrivals } = await timedRead(emulator);
    expect(run.traces("ERROR")).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.records("departments")).toEqual(expectedRecords(emulator, "departments"));
    const window = during(arrivals, (m) => m.type === "LOG" && /Rate limited \(429\)/.test(m.log.message));
    const pulses = window
      .map((a) => a.message)
      .filter(
        (m) =>
          m.type === "TRACE" &&
          m.trace.type === "STREAM_STATUS" &&
          m.trace.stream_status.status === "RUNNING" &&
          m.trace.stream_status.reasons?.[0]?.type === "RATE_LIMITED",
      );
    // About one a heartbeat through the wait (16 at 250 ms in 4 s); at least a few, whatever the load.
    expect(pulses.length).toBeGreaterThanOrEqual(5);
    const resets = new Set(pulses.map((m) => m.trace.stream_status.reasons[0].rate_limited.quota_reset));
    expect(resets.size).toBe(1);
    const [reset] = [...resets] as number[];
    for (const m of pulses) {
      expect(m.trace.stream_status.stream_descriptor).toEqual({ name: "departments" });
      expect(reset).toBeGreaterThanOrEqual(m.trace.emitted_at);
    }
    expect(longestGap(window)).toBeLessThan(WAIT_MS / 2);
  });

  it("a slow answer: a LOG naming the stream keeps coming, then every record", async () => {
    emulator.faults.add({ kind: "slow", endpoint: "departments", delayMs: 3000 });
    const { run, arrivals } = await timedRead(emulator);
    expect(run.exitCode).toBe(0);
    expect(run.records("departments")).toEqual(expectedRecords(emulator, "departments"));
    const window = during(arrivals, (m) => m.type === "TRACE" && m.trace.stream_status?.status === "STARTED");
    const logs = window
      .map((a) => a.message)
      .filter(
        (m) => m.type === "LOG" && /^Still reading 'departments': waiting for the API/.test(m.log.message),
      );
    expect(logs.length).toBeGreaterThanOrEqual(4);
    expect(longestGap(window)).toBeLessThan(1500);
  });

  it("a slow token refresh: the LOG keeps coming through it, then every record", async () => {
    const config = oauthConfig(
      emulator,
      { clientId: "emulator-client", clientSecret: "emulator-secret" },
      "emulator-refresh-token",
    );
    emulator.revokeAccessToken();
    emulator.faults.add({ kind: "slow", endpoint: "oauth2/token", delayMs: 3000 });
    const { run, arrivals } = await timedRead(emulator, config);
    expect(run.exitCode).toBe(0);
    expect(run.records("departments")).toEqual(expectedRecords(emulator, "departments"));
    const window = during(arrivals, (m) => m.type === "LOG" && /refreshing it/.test(m.log.message));
    expect(
      window.filter((a) => /^Still reading/.test(a.message.log?.message ?? "")).length,
    ).toBeGreaterThanOrEqual(4);
    expect(longestGap(window)).toBeLessThan(1500);
  });
});

describe("metadata.yaml", () => {
  it("declares maxSecondsBetweenMessages under data:, well above the heartbeat's default interval", () => {
    const metadata = parse(readFileSync(new URL("../../metadata.yaml", import.meta.url), "utf8"));
    const declared = metadata.data.maxSecondsBetweenMessages;
    expect(Number.isInteger(declared)).toBe(true);
    // A silence is at most one heartbeat (plus the check's quarter interval): leave a wide margin.
    expect(declared * 1000).toBeGreaterThanOrEqual(10 * DEFAULT_HEARTBEAT_MS);
  });
});
