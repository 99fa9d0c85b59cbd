/**
 * The Support requests model of the bench (bench/lib/support-requests.ts): issue #26's goals on the
 * computed 100,000-ticket account, and the model's rules for ours checked against what the connector
 * asks the emulator for the same counts (measured, full pages), every Support table at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_100K,
  airbyteRequests,
  leastMinutes,
  oursRequests,
  type SupportAccount,
} from "../../bench/lib/support-requests.js";
import type { Emulator } from "../../emulator/index.js";
import { finalStates } from "../helpers/cli.js";
import {
  catalogFor,
  readFrom,
  SUPPORT_STREAM_NAMES,
  supportConfig,
  withEmulator,
} from "../helpers/emulator.js";

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);

describe("Support requests, 100,000 tickets (computed)", () => {
  const change = { share: 0.01 };

  it("a daily incremental sync of every table asks at most half of Airbyte's requests; ticket_metrics none of its own", () => {
    const ours = oursRequests(ACCOUNT_100K, "daily", change);
    const theirs = airbyteRequests(ACCOUNT_100K, "daily", change);
    expect(sum(ours)).toBeLessThanOrEqual(0.5 * sum(theirs));
    expect([sum(ours), sum(theirs)]).toEqual([261, 1206]);
    expect(ours.ticket_metrics).toBe(0);
    expect(oursRequests(ACCOUNT_100K, "full", change).ticket_metrics).toBe(0);
    // Airbyte: one tickets/{id}/metrics per changed ticket.
    expect(theirs.ticket_metrics).toBe(1000);
    // The chat tables ride on ticket_audits' pages; Airbyte has no such streams.
    expect([ours.ticket_chats, ours.ticket_chat_events]).toEqual([0, 0]);
    expect("ticket_chats" in theirs).toBe(false);
  });

  it("the exports' 10 a minute bound the first full sync; the account's budget the rest", () => {
    const full = oursRequests(ACCOUNT_100K, "full", change);
    // tickets, users, organizations, ticket events (ticket_comments), ticket metric events.
    expect(leastMinutes(full, 200)).toBeCloseTo((100 + 50 + 11 + 251 + 1201) / 10, 5);
    expect(leastMinutes({ tickets: 1, ticket_fields: 400 }, 200)).toBeCloseTo(401 / 200, 5);
  });
});

/**
 * The tables the comparison with Airbyte covers: every Support stream but the Conversation Log (Early
 * Access, no Airbyte counterpart; its cost, a request per changed messaging ticket plus its re-read of
 * the ticket export, is given in the README).
 */
const COMPARED = SUPPORT_STREAM_NAMES.filter((name) => name !== "ticket_conversation_log");

describe("the model's rules for ours, against the emulator (measured)", () => {
  let emulator: Emulator;
  let requests: Record<string, number> = {};
  let daily: Record<string, number> = {};
  let account: SupportAccount;

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
      catalog: catalogFor(COMPARED, "incremental"),
    });
    expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    requests = emulator.stats().byEndpoint;
    account = emulatorAccount(emulator);
    // A day later, 2 % of the tickets (and users, organizations) changed: a sync from the state.
    emulator.advance({
      seconds: 86_400,
      newTickets: 10,
      updatedTickets: 40,
      updatedUsers: 30,
      updatedOrganizations: 24,
    });
    emulator.resetStats();
    const next = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(COMPARED, "incremental"),
      state: finalStates(run),
    });
    expect([next.exitCode, next.logs("ERROR")]).toEqual([0, []]);
    daily = emulator.stats().byEndpoint;
  }, 180_000);
  afterAll(() => emulator?.close());

  it("every Support table, a full sync: the model's requests for the emulator's counts are the requests made", () => {
    expect(measuredPerTable(requests)).toEqual(oursRequests(account, "full", { share: 1 }));
    // Nothing else was asked of Support (the chat tables and ticket_metrics: no requests of their own).
    const known = new Set(Object.values(ENDPOINT).map((path) => `support/${path}`));
    const others = Object.keys(requests).filter((name) => name.startsWith("support/") && !known.has(name));
    expect(others).toEqual([]);
  });

  it("a later sync (2 % changed): the model's daily requests for the same share", () => {
    expect(measuredPerTable(daily)).toEqual(oursRequests(account, "daily", { share: 0.02 }));
  });
});

/** Where each table's requests go (null: none of its own). */
const ENDPOINT: Record<string, string | null> = {
  tickets: "incremental/tickets/cursor",
  users: "incremental/users/cursor",
  organizations: "incremental/organizations",
  ticket_metrics: null,
  ticket_audits: "ticket_audits",
  ticket_chats: null,
  ticket_chat_events: null,
  ticket_comments: "incremental/ticket_events",
  ticket_metric_events: "incremental/ticket_metric_events",
  satisfaction_ratings: "satisfaction_ratings",
  ticket_fields: "ticket_fields",
  groups: "groups",
  group_memberships: "group_memberships",
  macros: "macros",
  tags: "tags",
  brands: "brands",
  ticket_forms: "ticket_forms",
  sla_policies: "slas/policies",
  schedules: "business_hours/schedules",
};

/** The requests the emulator counted, per table of the model. */
function measuredPerTable(stats: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(ENDPOINT).map(([table, path]) => [
      table,
      path === null ? 0 : (stats[`support/${path}`] ?? 0),
    ]),
  );
}

/** The emulator's account in the model's terms (the exports leave out the last minute: none of it here). */
function emulatorAccount(emulator: Emulator): SupportAccount {
  const count = (resource: string) => [...emulator.records(resource as never)].length;
  const tickets = count("tickets");
  const comments = [...emulator.records("ticket_comments" as never)] as Array<Record<string, unknown>>;
  // One ticket event per audit of every ticket, each with its comment: the export's events.
  const events = new Set(comments.map((c) => c.audit_id)).size;
  expect(events).toBe(comments.length);
  return {
    tickets,
    users: count("users"),
    organizations: count("organizations"),
    auditsPerTicket: count("ticket_audits") / tickets,
    ticketEventsPerTicket: events / tickets,
    metricEventsPerTicket: count("ticket_metric_events") / tickets,
    ratingsPerTicket: count("satisfaction_ratings") / tickets,
    ticketFields: count("ticket_fields"),
    groups: count("groups"),
    groupMemberships: count("group_memberships"),
    macros: count("macros"),
    tags: count("tags"),
    brands: count("brands"),
    ticketForms: count("ticket_forms"),
    slaPolicies: count("sla_policies"),
    schedules: count("schedules"),
  };
}
