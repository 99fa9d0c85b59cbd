import { ticketFieldsSchema } from "../schemas/ticket_fields.js";
import { UpdatedAtListStream } from "./define.js";

export class TicketFields extends UpdatedAtListStream {
  readonly name = "ticket_fields";
  readonly path = "ticket_fields";
  readonly schema = ticketFieldsSchema;
  protected readonly itemsKey = "ticket_fields";
}
