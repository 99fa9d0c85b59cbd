import { ChildStream } from "../../engine/stream.js";
import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  ticketChatEventsSamples,
  ticketChatEventsSchema,
  ticketChatsSamples,
  ticketChatsSchema,
} from "../schemas/ticket_chats.js";
import { TicketAudits } from "./ticket_audits.js";

const audits = new TicketAudits();

/** The audit event type that holds a chat or messaging session (its `value`, with `history[]`). */
const CHAT_STARTED = "ChatStartedEvent";

/** What every row takes from its audit: where it came from, and the cursor. */
interface FromAudit {
  ticket_id: unknown;
  audit_id: unknown;
  event_id: unknown;
  audit_created_at: unknown;
}

/**
 * A child stream of ticket_audits: fed by the same audit pages (no request of its own), rows from
 * the audits' ChatStartedEvent events, cursor `audit_created_at` (the audit's created_at; audits never
 * change, so a row is final once read). A subclass declares name, primaryKey, schema and `chatRows`.
 */
export abstract class TicketAuditChildStream extends ChildStream {
  readonly cursorField = "audit_created_at";
  readonly cursorKind = "datetime";

  constructor() {
    super(audits);
  }

  rows(audit: JsonObject): JsonObject[] {
    const events = Array.isArray(audit.events) ? audit.events : [];
    return events.flatMap((event) => {
      if (!isObject(event) || event.type !== CHAT_STARTED) return [];
      const value = isObject(event.value) ? event.value : {};
      const from: FromAudit = {
        ticket_id: audit.ticket_id,
        audit_id: audit.id,
        event_id: event.id,
        audit_created_at: audit.created_at,
      };
      return this.chatRows(value, from);
    });
  }

  /** The rows of one ChatStartedEvent's value. */
  protected abstract chatRows(value: JsonObject, from: FromAudit): JsonObject[];
}

/**
 * `ticket_chats`: one row per session, the event's value as sent (Fivetran's `ticket_chat` columns
 * are its keys) without `history` (each entry is a ticket_chat_events row), plus the audit's fields.
 * Keyed by `event_id`: the audit event's own id, unique and never reused; `chat_id` joins the events.
 */
export class TicketChats extends TicketAuditChildStream {
  readonly name = "ticket_chats";
  readonly primaryKey = ["event_id"];
  readonly schema = ticketChatsSchema;
  readonly samples = ticketChatsSamples;
  protected chatRows(value: JsonObject, from: FromAudit): JsonObject[] {
    const { history: _history, ...fields } = value;
    return [{ chat_id: value.chat_id ?? null, ...fields, ...from }];
  }
}

/**
 * `ticket_chat_events`: one row per entry of the session's `history`, the entry as sent plus
 * `chat_id`, its 0-based `index`, the audit's fields and `created_at` (Fivetran's column: the entry's
 * epoch-ms `timestamp` as a date-time, unless the entry has its own). Keyed by (event_id, index): the
 * entries have no id of their own (`chat_index` is absent on messaging entries).
 */
export class TicketChatEvents extends TicketAuditChildStream {
  readonly name = "ticket_chat_events";
  readonly primaryKey = ["event_id", "index"];
  readonly schema = ticketChatEventsSchema;
  readonly samples = ticketChatEventsSamples;
  protected chatRows(value: JsonObject, from: FromAudit): JsonObject[] {
    const history = Array.isArray(value.history) ? value.history : [];
    const rows: JsonObject[] = [];
    history.forEach((entry, index) => {
      if (!isObject(entry)) return;
      rows.push({
        ...entry,
        chat_id: value.chat_id ?? null,
        index,
        created_at: entry.created_at ?? epochMsToIso(entry.timestamp),
        ...from,
      });
    });
    return rows;
  }
}

/** An epoch-ms number as an ISO 8601 date-time; null for anything else. */
function epochMsToIso(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
