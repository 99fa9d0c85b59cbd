import type { JsonObject } from "../../protocol/messages.js";
import { bool, dateTime, int, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `ticket_metric_events` stream. */
export const ticketMetricEventsSchema: JsonObject = streamSchema(
  "ticket_metric_events",
  "Events of the tickets' SLA and time metrics (GET /api/v2/incremental/ticket_metric_events).",
  {
    id: intKey("ID of the event. Primary key."),
    ticket_id: int("ID of the ticket."),
    metric: str(
      'The metric: "agent_work_time", "pausable_update_time", "periodic_update_time", "reply_time", "requester_wait_time", "resolution_time", "group_ownership_time".',
    ),
    instance_id: int("Which instance of the metric (reply_time counts each reply: 1 is the first)."),
    type: str(
      'The event: "activate", "pause", "fulfill", "apply_sla", "apply_group_sla", "breach", "update_status", "measure".',
    ),
    time: dateTime("When the event happened. Incremental cursor."),
    deleted: bool("Whether the ticket has been deleted."),
    sla: obj("The SLA applied (apply_sla events).", {
      target: int("The target, in minutes."),
      business_hours: bool("Whether the target counts business hours only."),
      policy: obj("The SLA policy (an sla_policies id).", {
        id: int("ID of the policy."),
        title: str("Title of the policy."),
        description: str("Description of the policy."),
      }),
    }),
    group_sla: obj("The group SLA applied (apply_group_sla events).", {
      target: int("The target, in minutes."),
      business_hours: bool("Whether the target counts business hours only."),
      policy: obj("The group SLA policy.", {
        id: int("ID of the policy."),
        title: str("Title of the policy."),
        description: str("Description of the policy."),
      }),
    }),
    status: obj("The metric's time so far (update_status events), in minutes.", {
      calendar: int("Minutes in calendar hours."),
      business: int("Minutes in business hours."),
    }),
  },
);

/** Records in the shape of Zendesk's reference (List Ticket Metric Events, event types), written by hand. */
export const ticketMetricEventsSamples: JsonObject[] = [
  {
    id: 926232157301,
    ticket_id: 155,
    metric: "agent_work_time",
    instance_id: 0,
    type: "measure",
    time: "2020-10-26T12:53:12Z",
    deleted: false,
  },
  {
    id: 123458,
    ticket_id: 987,
    metric: "reply_time",
    instance_id: 1,
    type: "apply_sla",
    time: "2015-08-27T08:00:00Z",
    sla: {
      target: 60,
      business_hours: false,
      policy: { id: 360000123, title: "Urgent incidents", description: "" },
    },
  },
  {
    id: 123460,
    ticket_id: 987,
    metric: "reply_time",
    instance_id: 1,
    type: "update_status",
    time: "2015-08-27T09:10:00Z",
    status: { calendar: 70, business: 70 },
    deleted: true,
  },
];
