/**
 * Requests of a Zendesk Support sync, ours next to Airbyte's source-zendesk-support, computed from
 * the record counts and each connector's page sizes and request pattern (docs/research/
 * support-depth.md §4; docs/zendesk-support-api-notes.md §1–§4, §8e, §8g). Pages are taken as full:
 * the real API (and the emulator) also serves short and empty pages mid-export, which both
 * connectors pay alike.
 *
 * Ours: the cursor exports (tickets, users) 1000 a page, ending on the page that says
 * end_of_stream; the time exports (organizations, ticket events for ticket_comments) 1000 a page,
 * ending on a short page; ticket metric events in their time mode 1000 a page, ending on the page
 * that brings nothing new (no end_of_stream is documented there); ticket_metrics side-loaded on the
 * tickets export and ticket_chats / ticket_chat_events rows of the ticket_audits pages (no requests
 * of their own); ticket_audits newest first, 100 a page, stopping at the first page below the state;
 * satisfaction_ratings and the other lists 100 a page, read whole every sync; sla_policies and
 * schedules one answer.
 * Airbyte (default page_size 100): exports 100 a page (ticket_comments: the ticket events export,
 * `per_page` 100, to end_of_stream); ticket_metric_events cursor pages of 100 (`meta.has_more`);
 * satisfaction_ratings cursor pages of 100 from `start_time` = its state; ticket_audits 200 a page
 * newest first with a client-side cutoff; ticket_metrics the list (100 a page) on the first sync and
 * one `tickets/{id}/metrics` per changed ticket after; links_next lists 100 a page; groups,
 * ticket_forms, sla_policies, schedules a base paginator that asks once more for an empty page. It
 * has no ticket_chats / ticket_chat_events.
 */
import type { BenchRow } from "../tickets-export.js";

export interface SupportAccount {
  tickets: number;
  users: number;
  organizations: number;
  /** Audits per ticket in the ticket_audits list (live, unarchived tickets). */
  auditsPerTicket: number;
  /** Events per ticket in the ticket events export (one per audit of every ticket; each with its comment). */
  ticketEventsPerTicket: number;
  /** Ticket metric events per ticket (activate × 6, SLA, fulfil, breach, pause, …). */
  metricEventsPerTicket: number;
  /** Satisfaction ratings per ticket (about 60 % of the solved and closed ones). */
  ratingsPerTicket: number;
  ticketFields: number;
  groups: number;
  groupMemberships: number;
  macros: number;
  tags: number;
  brands: number;
  ticketForms: number;
  slaPolicies: number;
  schedules: number;
}

/** 100,000 tickets and the other tables in proportion (the emulator's ratios, rounded). */
export const ACCOUNT_100K: SupportAccount = {
  tickets: 100_000,
  users: 50_000,
  organizations: 10_000,
  auditsPerTicket: 2.5,
  ticketEventsPerTicket: 2.5,
  metricEventsPerTicket: 12,
  ratingsPerTicket: 0.2,
  ticketFields: 60,
  groups: 25,
  groupMemberships: 150,
  macros: 300,
  tags: 2_000,
  brands: 5,
  ticketForms: 10,
  slaPolicies: 5,
  schedules: 3,
};

/** What changed since the last sync: a share of every table of events (tickets, users, audits, events, ratings). */
export interface Change {
  share: number;
}

export type SyncKind = "full" | "daily";

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
/** A time export or a base paginator: the read ends on a short (possibly empty) page. */
const pagesToShort = (n: number, size: number) => Math.floor(n / size) + 1;
/**
 * A time export without `end_of_stream` (ticket metric events' time mode documents none): the read
 * ends on the page from the last time that brings nothing new (start_time is inclusive).
 */
const pagesToNothingNew = (n: number, size: number) => Math.ceil(n / size) + 1;

/** Record counts of the event tables a sync reads: all on a full sync, the changed share on a daily one. */
function counts(a: SupportAccount, kind: SyncKind, change: Change) {
  const changed = (n: number) => Math.round(kind === "full" ? n : n * change.share);
  return {
    changed,
    tickets: changed(a.tickets),
    users: changed(a.users),
    organizations: changed(a.organizations),
    audits: changed(a.tickets * a.auditsPerTicket),
    ticketEvents: changed(a.tickets * a.ticketEventsPerTicket),
    metricEvents: changed(a.tickets * a.metricEventsPerTicket),
    ratings: Math.round(a.tickets * a.ratingsPerTicket),
  };
}

/** Every Support stream of this connector. */
export function oursRequests(a: SupportAccount, kind: SyncKind, change: Change): Record<string, number> {
  const c = counts(a, kind, change);
  return {
    tickets: pages(c.tickets, 1000),
    users: pages(c.users, 1000),
    organizations: pagesToShort(c.organizations, 1000),
    ticket_metrics: 0,
    // Newest first, to the first page reaching below the state (measured: a page holding new and
    // older audits ends the read).
    ticket_audits: kind === "full" ? pages(c.audits, 100) : pagesToShort(c.tickets, 100),
    ticket_chats: 0,
    ticket_chat_events: 0,
    ticket_comments: pagesToShort(c.ticketEvents, 1000),
    ticket_metric_events: pagesToNothingNew(c.metricEvents, 1000),
    // No time filter used (which timestamp start_time compares is not documented): read whole.
    satisfaction_ratings: pages(c.ratings, 100),
    ...referenceLists(a, 100, 0),
  };
}

/** The same tables in Airbyte's connector (none for ticket_chats / ticket_chat_events: it has no such streams). */
export function airbyteRequests(a: SupportAccount, kind: SyncKind, change: Change): Record<string, number> {
  const c = counts(a, kind, change);
  return {
    tickets: pages(c.tickets, 100),
    users: pages(c.users, 100),
    organizations: pagesToShort(c.organizations, 100),
    ticket_metrics: kind === "full" ? pages(a.tickets, 100) : c.tickets,
    ticket_audits: kind === "full" ? pages(c.audits, 200) : pages(c.tickets, 200) + 1,
    ticket_comments: pagesToShort(c.ticketEvents, 100),
    ticket_metric_events: pages(c.metricEvents, 100),
    // start_time = its state: the ratings made since (the harsher reading: start_time compares created_at).
    satisfaction_ratings: pages(c.changed(c.ratings), 100),
    ...referenceLists(a, 100, 1),
  };
}

/** Lists read whole every sync by both; `emptyPage`: the extra request of a base paginator. */
function referenceLists(a: SupportAccount, size: number, emptyPage: number): Record<string, number> {
  return {
    ticket_fields: pages(a.ticketFields, size),
    groups: pages(a.groups, size) + emptyPage,
    group_memberships: pages(a.groupMemberships, size),
    macros: pages(a.macros, size),
    tags: pages(a.tags, size),
    brands: pages(a.brands, size),
    ticket_forms: pages(a.ticketForms, size) + emptyPage,
    sla_policies: 1 + emptyPage,
    schedules: 1 + emptyPage,
  };
}

/**
 * Streams that read an incremental export (Zendesk: 10 requests a minute on top of the account's).
 * ticket_metric_events too, the harsher reading: whether the export limit applies to it is not
 * documented (both connectors ask `incremental/ticket_metric_events`).
 */
export const EXPORT_STREAMS = new Set([
  "tickets",
  "users",
  "organizations",
  "ticket_comments",
  "ticket_metric_events",
]);

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
const exportRequests = (r: Record<string, number>, exports: ReadonlySet<string>) =>
  Object.entries(r)
    .filter(([name]) => exports.has(name))
    .reduce((s, [, n]) => s + n, 0);

/**
 * The least wall time of a sync (minutes): the exports at `exportsPerMinute`, every request at the
 * account's `perMinute` (exports draw on both), streams read at once.
 */
export function leastMinutes(
  requests: Record<string, number>,
  perMinute: number,
  exportsPerMinute = 10,
  exports: ReadonlySet<string> = EXPORT_STREAMS,
): number {
  return Math.max(exportRequests(requests, exports) / exportsPerMinute, sum(requests) / perMinute);
}

const PLANS = [200, 400, 700];
const fmt = (n: number) => n.toLocaleString("en-US");
const label = (kind: SyncKind, change: Change) =>
  kind === "full" ? "first full sync" : `daily incremental (${change.share * 100} % changed)`;

/** The Markdown tables of bench/README.md's Support requests section: per table, then per sync. */
export function supportRequestsTable(
  a: SupportAccount = ACCOUNT_100K,
  change: Change = { share: 0.01 },
): string {
  const runs = (["full", "daily"] as const).map((kind) => ({
    kind,
    ours: oursRequests(a, kind, change),
    airbyte: airbyteRequests(a, kind, change),
  }));
  const [full, daily] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const cell = (r: Record<string, number>, name: string) => (name in r ? fmt(r[name] as number) : "—");
  const perTable = [
    "| table | ours: full | Airbyte: full | ours: daily | Airbyte: daily |",
    "|---|---:|---:|---:|---:|",
    ...Object.keys(full.ours).map(
      (name) =>
        `| ${name}${EXPORT_STREAMS.has(name) ? " (export)" : ""} | ${cell(full.ours, name)} | ${cell(full.airbyte, name)} | ${cell(daily.ours, name)} | ${cell(daily.airbyte, name)} |`,
    ),
  ];
  const perSync = [
    `| sync | connector | requests | of them export requests | ${PLANS.map((p) => `wall at ${p}/min`).join(" | ")} | wall at 200/min, ticket_metric_events not an export | ours ÷ Airbyte |`,
    `|---|---|---:|---:|${PLANS.map(() => "---:").join("|")}|---:|---:|`,
  ];
  const otherReading = new Set([...EXPORT_STREAMS].filter((name) => name !== "ticket_metric_events"));
  for (const run of runs) {
    for (const [who, r] of [
      ["ours", run.ours],
      ["Airbyte", run.airbyte],
    ] as const) {
      const walls = PLANS.map((p) => `${leastMinutes(r, p).toFixed(1)} min`).join(" | ");
      const ratio = who === "ours" ? (sum(run.ours) / sum(run.airbyte)).toFixed(3) : "";
      perSync.push(
        `| ${label(run.kind, change)} | ${who} | ${fmt(sum(r))} | ${fmt(exportRequests(r, EXPORT_STREAMS))} | ${walls} | ${leastMinutes(r, 200, 10, otherReading).toFixed(1)} min | ${ratio} |`,
      );
    }
  }
  return [...perTable, "", ...perSync].join("\n");
}

/** The section of `npm run bench`: the tables above, their rows in the main table, and the figures. */
export function supportRequestsSection(a: SupportAccount = ACCOUNT_100K, change: Change = { share: 0.01 }) {
  const account = `${fmt(a.tickets)}-ticket Support account, computed`;
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = { account: a, change };
  for (const kind of ["full", "daily"] as const) {
    const ours = oursRequests(a, kind, change);
    const airbyte = airbyteRequests(a, kind, change);
    details[kind] = { ours, airbyte };
    const ratio = Math.round((sum(ours) / sum(airbyte)) * 1000) / 1000;
    rows.push({
      metric: `Support requests, ${account}, ${label(kind, change)} (wall at 200/min: ${leastMinutes(ours, 200).toFixed(1)} min)`,
      connector: String(sum(ours)),
      reference: `Airbyte ${sum(airbyte)} (${leastMinutes(airbyte, 200).toFixed(1)} min)`,
      ratio,
      goal: kind === "daily" ? "≤ 0.50" : "info",
      pass: kind === "daily" ? ratio <= 0.5 : null,
    });
  }
  const own = Math.max(
    oursRequests(a, "full", change).ticket_metrics ?? 0,
    oursRequests(a, "daily", change).ticket_metrics ?? 0,
  );
  rows.push({
    metric:
      "Support: ticket_metrics requests of its own while tickets is read (computed; measured in test/streams/ticket-metrics-sideload.test.ts)",
    connector: String(own),
    reference: `Airbyte ${airbyteRequests(a, "daily", change).ticket_metrics} a daily sync`,
    ratio: null,
    goal: "0",
    pass: own === 0,
  });
  const markdown = [
    `Support requests, ${account} (${JSON.stringify(a)}; bench/lib/support-requests.ts): per table, then per sync, ours next to Airbyte's request pattern, the least wall time at the exports' 10/min and the account's budget per plan:`,
    "",
    supportRequestsTable(a, change),
  ].join("\n");
  return { rows, details, markdown };
}
