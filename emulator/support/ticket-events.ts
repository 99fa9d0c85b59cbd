/**
 * `GET incremental/ticket_events.json`: the time-based export of ticket events (time-export.ts for
 * the paging), each event one audit of the emulated account and its child events that audit's
 * events, rendered by the same `auditRecord` that serves ticket_audits: a comment read here is the
 * audit's Comment event, same id, author, body, public flag and attachments.
 *
 * Modelled from the reference and what clients report (docs/zendesk-support-api-notes.md §12):
 * - `include=comment_events` side-loads the comments as child events (`event_type: "Comment"`, with
 *   `body`, `html_body`, `plain_body`, `audit_id`, ...); without it a comment shows only as
 *   `comment_present` / `comment_public` on the other child events.
 * - `support_type_scope` (`agent`, the default; `ai_agent`; `all`) as on the ticket exports: AI-agent
 *   tickets' events only with `ai_agent` or `all`.
 * - Messaging tickets (via `native_messaging`, not AI-agent tickets) are not in this export at all
 *   (an Airbyte user's report on the real API, 2026-09-02).
 * - A child event's `via` is the audit's via object on the ticket's first audit and a plain channel
 *   name ("Web form") on later ones: the string Airbyte's connector met (airbytehq/oncall#1001).
 * - The events of archived and deleted tickets stay: the export is a log of what happened (which
 *   Zendesk does not document either way; a read cannot tell a deleted ticket's comments apart).
 */
import type { ApiResponse } from "../errors.js";
import { badParameter, type JsonRecord } from "./lists/list.js";
import { timeExport } from "./time-export.js";

/** What this export needs of a ticket (data.ts `Ticket`). */
export interface EventTicket {
  id: number;
  /** created_at of each audit, oldest first. */
  audits: number[];
  aiAgent: boolean;
  via: string;
}

/** One audit: its time, id, ticket and place among the ticket's audits (data.ts `auditOrder`'s items). */
export interface AuditRef<T extends EventTicket> {
  sec: number;
  id: number;
  ticket: T;
  k: number;
}

/** What this export needs of the account (data.ts `SupportData`). */
export interface AuditSource<T extends EventTicket> {
  ticketOrder(): readonly T[];
  auditRecord(audit: AuditRef<T>): JsonRecord;
  nowSec(): number;
}

type Scope = "agent" | "ai_agent" | "all";

/** Whether a ticket's events are in an export asked with `scope`. */
function inScope(ticket: EventTicket, scope: Scope): boolean {
  if (ticket.aiAgent) return scope !== "agent";
  // Messaging tickets are left out of the ticket events whatever the scope.
  if (ticket.via === "native_messaging") return false;
  return scope !== "ai_agent";
}

const orders = new WeakMap<readonly EventTicket[], AuditRef<EventTicket>[]>();

/**
 * Every audit of every ticket (archived and deleted tickets' included), by (time, id); the ids are
 * ticket_audits' (ticket id × 1000 + the audit's place). Rebuilt when the tickets change (data.ts
 * renews its ticket order then).
 */
function eventOrder<T extends EventTicket>(data: AuditSource<T>): AuditRef<T>[] {
  const tickets = data.ticketOrder();
  let order = orders.get(tickets) as AuditRef<T>[] | undefined;
  if (!order) {
    order = tickets.flatMap((ticket) =>
      ticket.audits.map((sec, k) => ({ sec, id: ticket.id * 1000 + k, ticket, k })),
    );
    order.sort((a, b) => a.sec - b.sec || a.id - b.id);
    orders.set(tickets, order as AuditRef<EventTicket>[]);
  }
  return order;
}

/** The ticket event of one audit; `comments`: with its Comment child events (include=comment_events). */
function ticketEvent<T extends EventTicket>(
  data: AuditSource<T>,
  a: AuditRef<T>,
  comments: boolean,
): JsonRecord {
  const audit = data.auditRecord(a);
  const events = audit.events as JsonRecord[];
  const comment = events.find((e) => e.type === "Comment");
  const via = a.k === 0 ? audit.via : "Web form";
  const childEvents = events.flatMap((e): JsonRecord[] => {
    if (e.type === "Comment") {
      if (!comments) return [];
      const body = String(e.body);
      return [
        {
          attachments: e.attachments,
          audit_id: audit.id,
          author_id: e.author_id,
          body,
          created_at: audit.created_at,
          event_type: "Comment",
          html_body: `<div class="zd-comment" dir="auto"><p dir="auto">${body}</p></div>`,
          id: e.id,
          plain_body: body,
          public: e.public,
          type: "Comment",
          via,
          via_reference_id: null,
        },
      ];
    }
    const { type, ...fields } = e;
    return [
      {
        ...fields,
        comment_present: comment !== undefined,
        comment_public: comment?.public === true,
        event_type: type,
        via,
        via_reference_id: null,
      },
    ];
  });
  return {
    child_events: childEvents,
    created_at: audit.created_at,
    event_type: "Audit",
    id: audit.id,
    merged_ticket_ids: [],
    system: (audit.metadata as JsonRecord).system,
    ticket_id: audit.ticket_id,
    timestamp: a.sec,
    updater_id: audit.author_id,
    via: audit.via,
    via_reference_id: null,
  };
}

export function ticketEventsEndpoint<T extends EventTicket>(
  data: AuditSource<T>,
  query: URLSearchParams,
  ctx: { baseUrl: string; fault?: string },
): ApiResponse {
  const include = query.get("include");
  if (include !== null && include !== "comment_events")
    return badParameter(`include: only comment_events is side-loaded here, got "${include}"`);
  const scope = query.get("support_type_scope") ?? "agent";
  if (scope !== "agent" && scope !== "ai_agent" && scope !== "all")
    return badParameter(`support_type_scope: "${scope}" is not one of all, agent, ai_agent`);
  return timeExport(
    {
      endpoint: "incremental/ticket_events",
      key: "ticket_events",
      extraParams: ["include", "support_type_scope"],
      items: () => eventOrder(data),
      time: (a) => a.sec,
      id: (a) => a.id,
      visible: (a) => inScope(a.ticket, scope),
      render: (a) => ticketEvent(data, a, include !== null),
    },
    data.nowSec(),
    query,
    ctx,
  );
}

/**
 * What the `ticket_comments` stream should hold (Airbyte's rows, written apart from the connector's
 * code): every Comment child event of the export read with `support_type_scope=all`, with the
 * parent event's `via_reference_id`, `ticket_id` and `timestamp`, and `via` null where it is not an
 * object.
 */
export function ticketCommentRows<T extends EventTicket>(data: AuditSource<T>): JsonRecord[] {
  return eventOrder(data)
    .filter((a) => inScope(a.ticket, "all"))
    .flatMap((a) => {
      const event = ticketEvent(data, a, true);
      return (event.child_events as JsonRecord[])
        .filter((child) => child.event_type === "Comment")
        .map((child) => ({
          ...child,
          via: typeof child.via === "object" && child.via !== null ? child.via : null,
          via_reference_id: event.via_reference_id,
          ticket_id: event.ticket_id,
          timestamp: event.timestamp,
        }));
    });
}
