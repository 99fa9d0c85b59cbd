import type { JsonObject } from "../../protocol/messages.js";
import { array, bool, dateTime, int, intKey, obj, str, streamSchema, untyped } from "./common.js";

/** One condition of a policy's filter: a ticket field, an operator and a value of any type. */
const condition = obj("A condition on a ticket field.", {
  field: str('The ticket field, e.g. "type", "priority", "group_id".'),
  operator: str('The operator, e.g. "is", "is_not", "includes".'),
  value: untyped("The value compared (a string, number, boolean or list, by field)."),
});

/** JSON schema (draft-07) of the `sla_policies` stream. */
export const slaPoliciesSchema: JsonObject = streamSchema(
  "sla_policies",
  "Service level agreement policies (GET /api/v2/slas/policies).",
  {
    id: intKey("ID of the policy. Primary key."),
    url: str("API URL of the policy."),
    title: str("Title of the policy."),
    description: str("Description of the policy."),
    position: int("Position among the policies (the first that matches a ticket applies)."),
    filter: obj("Which tickets the policy applies to: all of `all` and at least one of `any`.", {
      all: array("Conditions a ticket must all meet.", condition),
      any: array("Conditions of which a ticket must meet one.", condition),
    }),
    policy_metrics: array(
      "The targets: one per priority and metric.",
      obj("A target.", {
        priority: str('Ticket priority, e.g. "low", "normal", "high", "urgent".'),
        metric: str('The metric, e.g. "first_reply_time", "next_reply_time", "requester_wait_time".'),
        target: int("The target, in minutes."),
        business_hours: bool("Whether the target counts business hours only."),
      }),
    ),
    created_at: dateTime("When the policy was created."),
    updated_at: dateTime("When the policy was last updated. Incremental cursor."),
  },
);

/** Records in the shape of Zendesk's reference (List SLA Policies), written by hand. */
export const slaPoliciesSamples: JsonObject[] = [
  {
    id: 36,
    url: "https://example.zendesk.com/api/v2/slas/policies/36.json",
    title: "Silver Plan",
    description: "Organizations: Silver Plan",
    position: 3,
    filter: { all: [{ field: "type", operator: "is", value: "incident" }], any: [] },
    policy_metrics: [{ priority: "low", metric: "first_reply_time", target: 60, business_hours: false }],
    created_at: "2015-03-17T22:50:26Z",
    updated_at: "2015-03-17T22:50:26Z",
  },
  {
    id: 37,
    url: "https://example.zendesk.com/api/v2/slas/policies/37.json",
    title: "Urgent incidents",
    description: "",
    position: 1,
    filter: {
      all: [{ field: "priority", operator: "is", value: "urgent" }],
      any: [{ field: "group_id", operator: "is", value: 360000123 }],
    },
    policy_metrics: [
      { priority: "urgent", metric: "first_reply_time", target: 15, business_hours: true },
      { priority: "urgent", metric: "requester_wait_time", target: 240, business_hours: true },
    ],
    created_at: "2021-06-01T08:00:00Z",
    updated_at: "2024-02-11T10:30:00Z",
  },
];
