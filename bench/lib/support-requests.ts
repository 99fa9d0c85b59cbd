/**
 * Requests of a Zendesk Support sync, ours next to Airbyte's source-zendesk-support, computed from
 * the record counts and each connector's page sizes and request pattern (docs/research/
 * support-depth.md §4; docs/zendesk-support-api-notes.md §1–§4, §8e). Pages are taken as full: the
 * real API (and the emulator) also serves short and empty pages mid-export, which both connectors pay
 * alike.
 *
 * Ours: exports (tickets, users) 1000 a page, ending on the page that says end_of_stream; the time
 * export (organizations) 1000 a page, ending on a short page; ticket_metrics side-loaded on the tickets
 * export (no request of its own); ticket_audits newest first, 100 a page, stopping at the first page
 * below the state; the other lists 100 a page, read whole every sync; sla_policies and schedules one
 * answer.
 * Airbyte (default page_size 100): exports 100 a page; ticket_audits 200 a page newest first with a
 * client-side cutoff; ticket_metrics the list (100 a page) on the first sync and one
 * `tickets/{id}/metrics` per changed ticket after; links_next lists 100 a page; groups, ticket_forms,
 * sla_policies, schedules a base paginator that asks once more for an empty page.
 */

export interface SupportAccount {
  tickets: number;
  users: number;
  organizations: number;
  /** Audits per ticket on average. */
  auditsPerTicket: number;
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

/** What changed since the last sync: a share of the tickets and users (new audits: one per changed ticket). */
export interface Change {
  share: number;
}

export type SyncKind = "full" | "daily";

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
/** A time export or a base paginator: the read ends on a short (possibly empty) page. */
const pagesToShort = (n: number, size: number) => Math.floor(n / size) + 1;

/** The Support streams this connector has (the tables of issue #26 §2 come with their own rows). */
export function oursRequests(a: SupportAccount, kind: SyncKind, change: Change): Record<string, number> {
  const changed = (n: number) => (kind === "full" ? n : Math.round(n * change.share));
  return {
    tickets: pages(changed(a.tickets), 1000),
    users: pages(changed(a.users), 1000),
    organizations: pagesToShort(changed(a.organizations), 1000),
    ticket_metrics: 0,
    // Newest first: the pages of new audits, and the first page reaching below the state.
    ticket_audits:
      kind === "full" ? pages(a.tickets * a.auditsPerTicket, 100) : pages(changed(a.tickets), 100) + 1,
    ...referenceLists(a, 100, 0),
  };
}

export function airbyteRequests(a: SupportAccount, kind: SyncKind, change: Change): Record<string, number> {
  const changed = (n: number) => (kind === "full" ? n : Math.round(n * change.share));
  return {
    tickets: pages(changed(a.tickets), 100),
    users: pages(changed(a.users), 100),
    organizations: pagesToShort(changed(a.organizations), 100),
    ticket_metrics: kind === "full" ? pages(a.tickets, 100) : changed(a.tickets),
    ticket_audits:
      kind === "full" ? pages(a.tickets * a.auditsPerTicket, 200) : pages(changed(a.tickets), 200) + 1,
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

/** Streams that read an incremental export (Zendesk: 10 requests a minute on top of the account's). */
export const EXPORT_STREAMS = new Set(["tickets", "users", "organizations"]);

/**
 * The least wall time of a sync (minutes): the exports at `exportsPerMinute`, every request at the
 * account's `perMinute` (exports draw on both), streams read at once.
 */
export function leastMinutes(
  requests: Record<string, number>,
  perMinute: number,
  exportsPerMinute = 10,
): number {
  const all = Object.values(requests).reduce((s, n) => s + n, 0);
  const exports = Object.entries(requests)
    .filter(([name]) => EXPORT_STREAMS.has(name))
    .reduce((s, [, n]) => s + n, 0);
  return Math.max(exports / exportsPerMinute, all / perMinute);
}

/** The Markdown table of bench/README.md's Support requests section. */
export function supportRequestsTable(
  a: SupportAccount = ACCOUNT_100K,
  change: Change = { share: 0.01 },
): string {
  const plans = [200, 400, 700];
  const lines = [
    `| sync | connector | requests (tickets, users, organizations, ticket_metrics, ticket_audits, lists) | ${plans.map((p) => `wall at ${p}/min`).join(" | ")} | ours ÷ Airbyte |`,
    `|---|---|---:|${plans.map(() => "---:").join("|")}|---:|`,
  ];
  for (const kind of ["full", "daily"] as const) {
    const ours = oursRequests(a, kind, change);
    const theirs = airbyteRequests(a, kind, change);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
    for (const [who, r] of [
      ["ours", ours],
      ["Airbyte", theirs],
    ] as const) {
      const own = ["tickets", "users", "organizations", "ticket_metrics", "ticket_audits"].map(
        (n) => r[n] ?? 0,
      );
      const parts = [...own, sum(r) - own.reduce((s, n) => s + n, 0)].join(", ");
      const walls = plans.map((p) => `${leastMinutes(r, p).toFixed(1)} min`).join(" | ");
      const ratio = who === "ours" ? (sum(ours) / sum(theirs)).toFixed(3) : "";
      const label =
        kind === "full" ? "first full sync" : `daily incremental (${change.share * 100} % changed)`;
      lines.push(`| ${label} | ${who} | ${sum(r)} (${parts}) | ${walls} | ${ratio} |`);
    }
  }
  return lines.join("\n");
}
