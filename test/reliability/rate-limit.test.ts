import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { RunResult } from "../helpers/cli.js";
import { accessTokenConfig, catalogFor, expectedRecords, withEmulator } from "../helpers/emulator.js";
import { expectExactlyOnce, readFast } from "./helpers.js";

// The emulator allows LIMIT requests per WINDOW_MS (a sliding window, scaled down from Zendesk's
// 200/minute); the connector is told it may send four times that. The limiter must learn the real
// budget from the 429s and then stop provoking them.
const LIMIT = 10;
const WINDOW_MS = 1000; // => 600 requests/minute
const CONFIGURED_RPM = 2000;

describe("429 storm: the adaptive limiter settles below the server's limit", () => {
  let emulator: Emulator;
  let result: RunResult;
  /** (emulator requests so far, 429s so far), sampled while the sync runs. */
  const timeline: Array<{ at: number; requests: number; rateLimited: number }> = [];
  let elapsedMs = 0;

  beforeAll(async () => {
    // bans paged as one id sequence (1000 a page, like agents): the scenario this test's timings were
    // set for. (Per list, pages of 2000 bans take longer to serve and write, which moves the second
    // 429 past the two-window mark without the limiter doing anything differently.)
    emulator = await withEmulator({
      seed: 5,
      chats: 50,
      agents: 18000,
      bans: 18000,
      timelineEntries: 20,
      bansPaging: "together",
    });
    emulator.setRateLimit({ requests: LIMIT, windowMs: WINDOW_MS });
    const started = Date.now();
    const sampler = setInterval(() => {
      const { requests, rateLimited } = emulator.stats();
      timeline.push({ at: Date.now() - started, requests, rateLimited });
    }, 50);
    try {
      result = await readFast(emulator, {
        config: accessTokenConfig(emulator, { requests_per_minute: CONFIGURED_RPM }),
        catalog: catalogFor(["agents", "bans", "departments", "goals"]),
      });
    } finally {
      clearInterval(sampler);
    }
    elapsedMs = Date.now() - started;
  }, 60_000);
  afterAll(() => emulator?.close());

  it("completes with every record exactly once", () => {
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    for (const stream of ["agents", "bans", "departments", "goals"] as const) {
      expectExactlyOnce(stream, result.records(stream), expectedRecords(emulator, stream));
    }
  });

  it("was actually rate limited, and the 429s stop once the limiter has adapted", () => {
    const stats = emulator.stats();
    const total429 = stats.rateLimited;
    // The first 429 is inevitable (we start 4x too fast); each one cuts the rate by a quarter, so
    // the first cuts it to what the server accepted (at most 4x).
    expect(total429).toBeGreaterThanOrEqual(1);
    expect(total429).toBeLessThanOrEqual(3);
    // All of them in the first part of the sync: none in the second half of its requests.
    const half = stats.requests / 2;
    const atHalf = timeline.find((s) => s.requests >= half)?.rateLimited ?? total429;
    expect(atHalf, JSON.stringify(timeline.filter((_, i) => i % 10 === 0))).toBe(total429);
    // ...and early: within the requests the first two and a half windows allow at the rate the
    // sync starts with (4x the server's). Counted in requests, not in wall time: a loaded machine
    // sends them more slowly, which only makes the limit easier to keep.
    const lastNew429 = timeline.find((s) => s.rateLimited === total429);
    expect(lastNew429?.requests ?? 0).toBeLessThanOrEqual(2.5 * LIMIT * 4);
    console.log(
      `[reliability] 429 storm: ${stats.requests} requests, ${total429} x 429 (all in the first half), ${elapsedMs} ms`,
    );
  });

  it("reports STREAM_STATUS RUNNING with a RATE_LIMITED reason", () => {
    const rateLimited = result
      .traces("STREAM_STATUS")
      .filter(
        (t) =>
          t.stream_status.status === "RUNNING" &&
          t.stream_status.reasons?.some((r: { type: string }) => r.type === "RATE_LIMITED"),
      );
    expect(rateLimited.length).toBeGreaterThanOrEqual(1);
    const reset = rateLimited[0].stream_status.reasons[0].rate_limited?.quota_reset;
    expect(typeof reset).toBe("number");
    expect(result.logs("WARN").some((l) => /Rate limited \(429\)/.test(l.message))).toBe(true);
  });

  it("the connector's own count of 429s matches the emulator's", () => {
    const summary = result.logs("INFO").find((l) => /^Read \d+ records/.test(l.message));
    expect(summary?.message).toContain(`${emulator.stats().rateLimited} rate-limited`);
  });
});
