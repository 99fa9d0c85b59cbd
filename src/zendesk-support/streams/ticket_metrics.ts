import { ChildStream } from "../../engine/stream.js";
import { toEpochMicros } from "../../engine/timestamps.js";
import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import { ticketMetricsSchema } from "../schemas/ticket_metrics.js";
import { cursorList, SupportStream } from "./define.js";
import { Tickets } from "./tickets.js";

const tickets = new Tickets();
/** Airbyte's cursor for ticket_metrics (its source-zendesk-support since 4.3.0). */
const CURSOR = "_ab_updated_at";
/** The cursor of this connector's versions before the side-load (the list's `updated_at`). */
const OLD_CURSOR = "updated_at";
/** The side-load's key in the export's body (Zendesk: "a top-level array … under the resource key"). */
const SIDE_LOAD = "metric_sets";

/**
 * One metric set per ticket, read from the ticket export's side-load (`include=metric_sets`, sent
 * only while this stream is selected): a child of `tickets`, no request of its own when `tickets`
 * is read, the export alone when it is not. The side-load is a top-level `metric_sets` list, each
 * naming its `ticket_id`; a ticket is paired with its metric set (deleted tickets have none).
 *
 * Cursor `_ab_updated_at` (Airbyte's name): the ticket's `generated_timestamp`, which moves with
 * every change of the ticket, system changes such as metric updates included. A metric set is so
 * emitted each time its ticket is exported and only then, and the state is the export's position:
 * exactly once across syncs, as for the tickets. Like the tickets, limited by the start date.
 *
 * A page without the side-load (an account or endpoint not honouring `include`) makes the rest of
 * the sync read the `ticket_metrics` list whole instead (one WARN; see TicketMetricsList).
 */
export class TicketMetrics extends ChildStream {
  readonly name = "ticket_metrics";
  readonly stickyQuery = tickets.stickyQuery;
  readonly parentQuery = { include: SIDE_LOAD };
  readonly primaryKey = ["id"];
  readonly schema = ticketMetricsSchema;
  readonly cursorField = CURSOR;
  readonly cursorKind = "datetime";
  readonly fallback = new TicketMetricsList();

  constructor() {
    super(tickets);
  }

  /**
   * A state of the versions that read the list on `updated_at` (`{updated_at: "<iso>"}`) goes on from
   * that time: `_ab_updated_at` = it in epoch seconds (rounded down). Safe: a ticket's
   * generated_timestamp is at or after its metric set's updated_at, so every metric set changed
   * after it belongs to a ticket the export serves from it; the boundary ids of the old form are
   * dropped (the boundary second is delivered again: at least once, never a gap).
   */
  migrateState(state: JsonObject): JsonObject {
    const old = state[OLD_CURSOR];
    if ((state[CURSOR] !== undefined && state[CURSOR] !== null) || old === undefined || old === null)
      return state;
    const micros = toEpochMicros(old);
    // Not a time: handed to the cursor as it is, which refuses it in one line.
    return { [CURSOR]: micros === undefined ? old : Math.floor(micros / 1e6) };
  }

  pageRows(body: unknown, items: number): ((ticket: JsonObject) => JsonObject[]) | undefined {
    const loaded = isObject(body) ? body[SIDE_LOAD] : undefined;
    // A page of no tickets has nothing to pair, whether or not it names the side-load.
    if (!Array.isArray(loaded)) return items === 0 ? () => [] : undefined;
    const byTicket = new Map<unknown, JsonObject[]>();
    for (const set of loaded) {
      if (!isObject(set)) continue;
      const list = byTicket.get(set.ticket_id);
      if (list) list.push(set);
      else byTicket.set(set.ticket_id, [set]);
    }
    return (ticket) =>
      (byTicket.get(ticket.id) ?? []).map((set) => ({ ...set, [CURSOR]: ticket.generated_timestamp }));
  }
}

/**
 * The fallback: `GET ticket_metrics` read whole (no time filter; newest ticket first, not in cursor
 * order, so the state is written once, at the end, and stays before the read began). Its records
 * carry `_ab_updated_at` = their `updated_at` in epoch seconds (the list has no generated_timestamp).
 */
export class TicketMetricsList extends SupportStream {
  readonly name = "ticket_metrics";
  readonly path = "ticket_metrics";
  readonly primaryKey = ["id"];
  readonly schema = ticketMetricsSchema;
  readonly pagination = cursorList();
  readonly cursorField = CURSOR;
  readonly cursorKind = "datetime";
  protected readonly itemsKey = "ticket_metrics";

  transform(record: JsonObject): JsonObject {
    const micros = toEpochMicros(record.updated_at);
    return { ...record, [CURSOR]: micros === undefined ? null : Math.floor(micros / 1e6) };
  }
}
