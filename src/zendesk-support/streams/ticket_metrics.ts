import { ticketMetricsSchema } from "../schemas/index.js";
import { UpdatedAtListStream } from "./define.js";

export class TicketMetrics extends UpdatedAtListStream {
  readonly name = "ticket_metrics";
  readonly path = "ticket_metrics";
  readonly schema = ticketMetricsSchema;
  protected readonly itemsKey = "ticket_metrics";
}
