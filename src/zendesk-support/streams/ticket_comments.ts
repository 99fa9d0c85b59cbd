import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import { ticketCommentsSamples, ticketCommentsSchema } from "../schemas/ticket_comments.js";
import { SupportStream, timeExport } from "./define.js";

/**
 * `GET incremental/ticket_events.json?include=comment_events`, the time-based ticket events export
 * (no cursor export exists for it), one row per Comment child event, as Airbyte's connector makes
 * them (same name, key and cursor): the event's `via_reference_id`, `ticket_id` and `timestamp`
 * copied onto the comment, and `via` null where the API sent a plain name instead of an object.
 *
 * `support_type_scope=all` and `include` on every request: the export's default scope (`agent`)
 * leaves out AI-agent tickets' comments, and whether `next_page` keeps either parameter Zendesk does
 * not document. Messaging tickets are not in this export at all (a limit of the API).
 */
export class TicketComments extends SupportStream {
  readonly name = "ticket_comments";
  readonly path = "incremental/ticket_events.json";
  readonly primaryKey = ["id"];
  readonly schema = ticketCommentsSchema;
  readonly samples = ticketCommentsSamples;
  readonly pagination = timeExport;
  readonly cursorField = "created_at";
  readonly cursorKind = "datetime";
  readonly stickyQuery = { include: "comment_events", support_type_scope: "all" };
  protected readonly itemsKey = "ticket_events";

  rows(event: JsonObject): JsonObject[] {
    const children = Array.isArray(event.child_events) ? event.child_events : [];
    return children.filter(isComment).map((comment) => ({
      ...comment,
      via: isObject(comment.via) ? comment.via : null,
      via_reference_id: event.via_reference_id ?? null,
      ticket_id: event.ticket_id ?? null,
      timestamp: event.timestamp ?? null,
    }));
  }
}

function isComment(child: unknown): child is JsonObject {
  return isObject(child) && child.event_type === "Comment";
}
