import { ticketFormsSamples, ticketFormsSchema } from "../schemas/ticket_forms.js";
import { UpdatedAtListStream } from "./define.js";

/** `GET ticket_forms`, cursor-paged, read whole and filtered on `updated_at` (Airbyte's name, key and cursor). */
export class TicketForms extends UpdatedAtListStream {
  readonly name = "ticket_forms";
  readonly path = "ticket_forms";
  readonly schema = ticketFormsSchema;
  readonly samples = ticketFormsSamples;
  protected readonly itemsKey = "ticket_forms";
}
