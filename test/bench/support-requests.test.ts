/**
 * The Support requests model of the bench (bench/lib/support-requests.ts): issue #26's goals on the
 * computed 100,000-ticket account, and the model's rules for ours checked against what the connector
 * asks the emulator for the same counts (measured, full pages).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_100K,
  airbyteRequests,
  leastMinutes,
  oursRequests,
} from "../../bench/lib/support-requests.js";
import type { Emulator } from "../../emulator/index.js";
import { catalogFor, readFrom, supportConfig, withEmulator } from "../helpers/emulator.js";

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);

describe("Support requests, 100,000 tickets (computed)", () => {
  const change = { share: 0.01 };

  it("a daily incremental sync asks at most half of Airbyte's requests; ticket_metrics none of its own", () => {
    const ours = oursRequests(ACCOUNT_100K, "daily", change);
    const theirs = airbyteRequests(ACCOUNT_100K, "daily", change);
    expect(sum(ours)).toBeLessThanOrEqual(0.5 * sum(theirs));
    expect(ours.ticket_metrics).toBe(0);
    expect(oursRequests(ACCOUNT_100K, "full", change).ticket_metrics).toBe(0);
    // Airbyte: one tickets/{id}/metrics per changed ticket.
    expect(theirs.ticket_metrics).toBe(1000);
  });

  it("the exports' 10 a minute bound the first full sync; the account's budget the rest", () => {
    const full = oursRequests(ACCOUNT_100K, "full", change);
    expect(leastMinutes(full, 200)).toBeCloseTo((100 + 50 + 11) / 10, 5);
    expect(leastMinutes({ tickets: 1, ticket_fields: 400 }, 200)).toBeCloseTo(401 / 200, 5);
  });
});

describe("the model's rules for ours, against the emulator (measured)", () => {
  let emulator: Emulator;
  let requests: Record<string, number> = {};

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 264,
      chats: 10,
      supportShortPages: false,
      support: { tickets: 2500, users: 1500, organizations: 1200 },
    });
    emulator.resetStats();
    const run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets", "ticket_metrics", "users", "organizations"], "incremental"),
    });
    expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    requests = emulator.stats().byEndpoint;
  }, 120_000);
  afterAll(() => emulator?.close());

  it("exports: the full pages, then the page that ends them; ticket_metrics rides on tickets", () => {
    const count = (resource: string) => emulator.count(resource as never);
    const model = oursRequests(
      {
        ...ACCOUNT_100K,
        tickets: count("tickets"),
        users: count("users"),
        organizations: count("organizations"),
      },
      "full",
      { share: 1 },
    );
    // The exports leave out the last minute: the model's counts are what they hold.
    expect(requests["support/incremental/tickets/cursor"]).toBe(model.tickets);
    expect(requests["support/incremental/users/cursor"]).toBe(model.users);
    expect(requests["support/incremental/organizations"]).toBe(model.organizations);
    expect(requests["support/ticket_metrics"] ?? 0).toBe(0);
  });
});
