import { ticketMetricEventsSamples, ticketMetricEventsSchema } from "../schemas/ticket_metric_events.js";
import { SupportStream, timeExport } from "./define.js";

/**
 * `GET incremental/ticket_metric_events`, in chronological order from `start_time`, read as the
 * time-based export the reference describes for requests without page parameters (`per_page=1000`,
 * `next_page` until a page brings nothing new; no `end_of_stream` is documented here): a tenth of the
 * requests of cursor pages of 100, Airbyte's way. Same name, key and cursor as Airbyte's. No `exclude_deleted`: a deleted ticket's events stay, with `deleted: true`
 * when read after the deletion (the flag turns without `time` moving, so an event read before keeps
 * `deleted: false`: the tickets table says which tickets are deleted).
 */
export class TicketMetricEvents extends SupportStream {
  readonly name = "ticket_metric_events";
  readonly path = "incremental/ticket_metric_events.json";
  readonly primaryKey = ["id"];
  readonly schema = ticketMetricEventsSchema;
  readonly samples = ticketMetricEventsSamples;
  readonly pagination = timeExport;
  readonly cursorField = "time";
  readonly cursorKind = "datetime";
  protected readonly itemsKey = "ticket_metric_events";
}
