import { describe, expect, it } from "vitest";
import type { Emulator, RateLimitSpec } from "../../emulator/index.js";
import { catalogFor, SUPPORT_STREAM_NAMES, supportConfig, useEmulator } from "../helpers/emulator.js";
import { expectStreamsExact, readFast } from "./helpers.js";

// Zendesk Support's two budgets, scaled down from a minute to a second so a test takes seconds: the
// account's (20 per second here = 1200 per minute) and the incremental exports' own (2 per second =
// 120 per minute, Zendesk's 10 per minute scaled). Every export request draws on both.
/**
 * Every Support stream but ticket_conversation_log: a request per messaging ticket (hundreds here, at
 * the account budget) would take this test past its minute; its requests go through the same limiter.
 */
const BUDGETED_STREAMS = SUPPORT_STREAM_NAMES.filter((s) => s !== "ticket_conversation_log");
const ACCOUNT: RateLimitSpec = { requests: 20, windowMs: 1000 };
const EXPORTS: RateLimitSpec = { requests: 2, windowMs: 1000 };
const ACCOUNT_PER_MINUTE = (ACCOUNT.requests * 60_000) / ACCOUNT.windowMs;
const EXPORTS_PER_MINUTE = (EXPORTS.requests * 60_000) / EXPORTS.windowMs;

const EXPORT_ENDPOINTS = [
  "support/incremental/tickets/cursor",
  "support/incremental/users/cursor",
  "support/incremental/organizations",
];

const exportRequests = (emulator: Emulator) =>
  EXPORT_ENDPOINTS.reduce((n, e) => n + (emulator.stats().byEndpoint[e] ?? 0), 0);

describe("Support rate limits: the account budget and the exports' own", () => {
  const emulator = useEmulator({
    seed: 141,
    chats: 30,
    support: { tickets: 2500, users: 1500, organizations: 1100 },
    supportRateLimit: ACCOUNT,
    supportExportRateLimit: EXPORTS,
  });

  it("configured under both budgets: every Support stream read exactly, zero 429s", async () => {
    emulator.resetStats();
    const result = await readFast(emulator, {
      // Under the budgets by a margin (requests leave the connector evenly spaced; the network may
      // bunch two of them a little on a busy machine).
      config: supportConfig(emulator, {
        requests_per_minute: Math.floor(ACCOUNT_PER_MINUTE * 0.85),
        export_requests_per_minute: Math.floor(EXPORTS_PER_MINUTE * 0.85),
      }),
      catalog: catalogFor(BUDGETED_STREAMS),
    });
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectStreamsExact(result, emulator, BUDGETED_STREAMS);
    // Enough export requests that a connector ignoring the exports' budget would have hit it.
    expect(exportRequests(emulator)).toBeGreaterThan(3 * EXPORTS.requests);
    console.log(
      `[reliability] Support under budget: ${emulator.stats().requests} requests, ${exportRequests(emulator)} to the exports, ${emulator.stats().rateLimited} x 429`,
    );
    expect(emulator.stats().rateLimited).toBe(0);
    expect(result.logs("WARN").filter((l) => /Rate limited/.test(l.message))).toEqual([]);
    const summary = result.logs("INFO").find((l) => /^Read \d+ records/.test(l.message));
    expect(summary?.message).toMatch(/to Support/);
    expect(summary?.message).toMatch(/0 retries, 0 rate-limited, 0 token refreshes\) to Support/);
  }, 90_000);

  it("configured above the exports' budget: 429s with Retry-After are waited out, and the sync still ends exact, without a failure", async () => {
    emulator.resetStats();
    const result = await readFast(emulator, {
      config: supportConfig(emulator, {
        requests_per_minute: Math.floor(ACCOUNT_PER_MINUTE * 0.85),
        export_requests_per_minute: 1000,
      }),
      catalog: catalogFor(BUDGETED_STREAMS),
    });
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectStreamsExact(result, emulator, BUDGETED_STREAMS);
    const limited = emulator.stats().rateLimited;
    expect(limited).toBeGreaterThanOrEqual(1);
    // Each 429 was seen and waited out (not counted as a failed attempt)...
    const warnings = result
      .logs("WARN")
      .filter((l) => /^Rate limited \(429\) on \/api\/v2\/incremental\//.test(l.message));
    expect(warnings.length).toBe(limited);
    const summary = result.logs("INFO").find((l) => /^Read \d+ records/.test(l.message));
    expect(summary?.message).toContain(`${limited} rate-limited`);
    // ...and the connector slowed down to what the exports allow instead of hammering them: far
    // fewer 429s than successful export requests.
    const served = exportRequests(emulator) - limited;
    console.log(
      `[reliability] Support over the exports' budget: ${served} export requests served, ${limited} x 429`,
    );
    expect(limited).toBeLessThan(served);
    const reasons = result
      .traces("STREAM_STATUS")
      .filter((t) => t.stream_status.reasons?.some((r: { type: string }) => r.type === "RATE_LIMITED"));
    expect(reasons.length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
