import { ticketMetricsSchema } from "../schemas/ticket_metrics.js";
import { UpdatedAtListStream } from "./define.js";

/** One per ticket; like the tickets, limited by the start date. */
export class TicketMetrics extends UpdatedAtListStream {
  override readonly readsAllHistory = false;
  readonly name = "ticket_metrics";
  readonly path = "ticket_metrics";
  readonly schema = ticketMetricsSchema;
  protected readonly itemsKey = "ticket_metrics";
}
