import type { JsonObject } from "../../protocol/messages.js";
import { calendarBusiness, dateTime, int, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `ticket_metrics` stream. */
export const ticketMetricsSchema: JsonObject = streamSchema(
  "ticket_metrics",
  "Per-ticket metrics: times and counts (side-loaded on the ticket export: include=metric_sets).",
  {
    id: intKey("ID of the ticket metric record. Primary key."),
    url: str("API URL of the record."),
    ticket_id: int("ID of the ticket the metrics are about."),
    group_stations: int("Number of groups the ticket passed through."),
    assignee_stations: int("Number of assignees the ticket had."),
    reopens: int("Number of times the ticket was reopened."),
    replies: int("Number of public agent replies."),
    reply_time_in_minutes: calendarBusiness("Minutes to the first reply."),
    reply_time_in_seconds: obj(
      "Seconds to the first reply (calendar only; documented for messaging tickets).",
      {
        calendar: int("Seconds in calendar hours."),
      },
    ),
    first_resolution_time_in_minutes: calendarBusiness("Minutes to the first resolution."),
    full_resolution_time_in_minutes: calendarBusiness("Minutes to the full (latest) resolution."),
    agent_wait_time_in_minutes: calendarBusiness("Minutes the agent spent waiting (ticket pending)."),
    requester_wait_time_in_minutes: calendarBusiness(
      "Minutes the requester spent waiting (new, open, hold).",
    ),
    on_hold_time_in_minutes: calendarBusiness("Minutes on hold."),
    assignee_updated_at: dateTime("When the assignee last updated the ticket, or null."),
    requester_updated_at: dateTime("When the requester last updated the ticket."),
    status_updated_at: dateTime("When the ticket's status last changed."),
    custom_status_updated_at: dateTime("When the ticket's custom status last changed."),
    initially_assigned_at: dateTime("When the ticket was first assigned, or null."),
    assigned_at: dateTime("When the ticket was last assigned, or null."),
    solved_at: dateTime("When the ticket was solved, or null."),
    latest_comment_added_at: dateTime("When the latest comment was added."),
    created_at: dateTime("When the record was created."),
    updated_at: dateTime("When the record was last updated."),
    _ab_updated_at: int(
      "Incremental cursor (Airbyte's name): its ticket's generated_timestamp (epoch s) in the ticket export that side-loaded it; its own updated_at (epoch s) when it was read from the ticket_metrics list instead.",
    ),
  },
);
