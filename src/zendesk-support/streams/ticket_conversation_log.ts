import type { PerParent } from "../../engine/stream.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  ticketConversationLogSamples,
  ticketConversationLogSchema,
} from "../schemas/ticket_conversation_log.js";
import { cursorList, SupportStream } from "./define.js";
import { Tickets } from "./tickets.js";

/** A ticket that came through Zendesk Messaging (and is not deleted: its log would be a 404). */
export function isMessagingTicket(ticket: JsonObject): boolean {
  const via = ticket.via as { channel?: unknown } | null | undefined;
  const messaging = via?.channel === "native_messaging" || ticket.from_messaging_channel === true;
  return messaging && ticket.status !== "deleted";
}

const CONVERSATION_LOG: PerParent = {
  parent: new Tickets(),
  forEachParent: isMessagingTicket,
  pathOf: (ticket) => `tickets/${ticket.id}/conversation_log`,
  row: (event, ticket) => ({
    ...event,
    ticket_id: ticket.id,
    ticket_generated_timestamp: ticket.generated_timestamp,
  }),
  unavailableOn: [403],
  unavailable: (status) =>
    `the Conversation Log answered ${status} Forbidden: the API is in Early Access, and this account is not in the program (join it through Zendesk's Early Access Program page, or ask your Zendesk account manager). No records; the sync goes on.`,
  skipOn: [404],
};

/**
 * `GET tickets/{ticket_id}/conversation_log` (Early Access): the events of each messaging ticket
 * (`via.channel` native_messaging, or `from_messaging_channel`) the tickets export shows changed
 * since the state, one row per event with its `ticket_id`. Cursor pagination (≤ 100 a page). The
 * cursor is the ticket's `generated_timestamp`, carried by each row: state moves past a ticket once
 * all its events are written. A 403 ends the stream empty with one WARN; a 404 skips the ticket.
 */
export class TicketConversationLog extends SupportStream {
  readonly name = "ticket_conversation_log";
  readonly path = "tickets/{ticket_id}/conversation_log";
  readonly primaryKey = ["id"];
  readonly schema = ticketConversationLogSchema;
  readonly samples = ticketConversationLogSamples;
  readonly pagination = cursorList();
  readonly cursorField = "ticket_generated_timestamp";
  readonly cursorKind = "datetime";
  readonly perParent = CONVERSATION_LOG;
  protected readonly itemsKey = "events";
}
