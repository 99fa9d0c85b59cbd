import { ticketAuditsSchema } from "../schemas/ticket_audits.js";
import { cursorList, SupportStream } from "./define.js";

/**
 * Audits never change once written, so `created_at` is a safe cursor. The list comes newest first:
 * an incremental read stops at the first page reaching below its start (while the pages keep that
 * order; otherwise it reads to the end). Archived tickets' audits are not in this list (the API's
 * limit, documented).
 */
export class TicketAudits extends SupportStream {
  readonly name = "ticket_audits";
  readonly path = "ticket_audits";
  readonly primaryKey = ["id"];
  readonly schema = ticketAuditsSchema;
  readonly pagination = cursorList("newest_first");
  readonly cursorField = "created_at";
  readonly cursorKind = "datetime";
  protected readonly itemsKey = "audits";
}
