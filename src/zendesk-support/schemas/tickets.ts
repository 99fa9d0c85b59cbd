import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  array,
  bool,
  dateTime,
  int,
  intArray,
  intKey,
  obj,
  str,
  strArray,
  streamSchema,
  untyped,
  via,
} from "./common.js";

/** One `{id, value}` pair of `custom_fields` / `fields`. */
const customFieldValue = obj("The value of one custom ticket field.", {
  id: int("ID of the ticket field (see ticket_fields)."),
  value: untyped(
    "Value of the field: a string (text, dropdown tag, date), a number (integer, decimal), a boolean " +
      "(checkbox), an array of strings (multi-select) or null, so any value is accepted.",
  ),
}) satisfies JsonSchema;

/** JSON schema (draft-07) of the `tickets` stream. */
export const ticketsSchema: JsonObject = streamSchema(
  "tickets",
  "Zendesk Support tickets (GET /api/v2/incremental/tickets/cursor.json), deleted tickets included.",
  {
    id: intKey("ID of the ticket. Primary key."),
    url: str("API URL of the ticket."),
    external_id: str("ID of the ticket in an external system, or null."),
    type: str('Type: "problem", "incident", "question", "task", or null.'),
    subject: str("Subject of the ticket."),
    raw_subject: str("Subject as entered, before dynamic content placeholders are rendered."),
    description: str("Text of the first comment (read-only)."),
    priority: str('Priority: "urgent", "high", "normal", "low", or null.'),
    status: str(
      'Status: "new", "open", "pending", "hold", "solved", "closed"; the incremental export also sends ' +
        '"deleted" for deleted tickets.',
    ),
    custom_status_id: int("ID of the custom ticket status (accounts with custom statuses)."),
    recipient: str("Original recipient email address."),
    requester_id: int("ID of the user who requested the ticket."),
    submitter_id: int("ID of the user who submitted the ticket (author of the first comment)."),
    assignee_id: int("ID of the assigned agent, or null when unassigned."),
    organization_id: int("ID of the requester's organization, or null."),
    group_id: int("ID of the assigned group, or null."),
    brand_id: int("ID of the brand the ticket belongs to."),
    collaborator_ids: intArray(
      "IDs of the users CC'd on the ticket (legacy; see follower_ids, email_cc_ids).",
    ),
    follower_ids: intArray("IDs of the agents following the ticket."),
    email_cc_ids: intArray("IDs of the users CC'd on the ticket's email notifications."),
    followup_ids: intArray("IDs of follow-up tickets created from this closed ticket."),
    sharing_agreement_ids: intArray("IDs of the sharing agreements the ticket is shared through."),
    forum_topic_id: int("ID of the community topic the ticket came from, or null."),
    problem_id: int("For incidents: ID of the linked problem ticket, or null."),
    has_incidents: bool("Whether this problem ticket has incidents linked to it."),
    is_public: bool("Whether the ticket has any public comment."),
    due_at: dateTime("Due date of a task ticket, or null."),
    tags: strArray("Tags of the ticket (possibly empty)."),
    custom_fields: array(
      "Values of the custom ticket fields, one entry per active field (value null when unset).",
      customFieldValue,
    ),
    fields: array("Same content as custom_fields (Zendesk sends both).", customFieldValue),
    satisfaction_rating: obj(
      'CSAT rating: {score: "offered" | "unoffered" | "good" | "bad", ...}, or null when CSAT is off.',
      {
        id: int("ID of the satisfaction rating (once offered or rated)."),
        score: str('Score: "offered", "unoffered", "good" or "bad".'),
        comment: str("Comment left with the rating."),
        reason: str("Reason given for a bad rating."),
        reason_id: int("ID of the reason given for a bad rating."),
      },
    ),
    ticket_form_id: int("ID of the ticket form (Enterprise), or null."),
    via: via("How the ticket was created."),
    allow_channelback: bool("Whether agents can reply through the channel the ticket came from."),
    allow_attachments: bool("Whether attachments are allowed on the ticket's comments."),
    from_messaging_channel: bool("Whether the ticket came from a messaging channel."),
    support_type: str(
      'Who handled the ticket: "agent" (a human agent) or "ai_agent" (an AI agent only), or null.',
    ),
    encoded_id: str("Short encoded ID used in email reply addresses (sent by the API, undocumented)."),
    generated_timestamp: int(
      "When the record was last generated for the incremental export, in Unix epoch seconds (not ISO 8601).",
    ),
    created_at: dateTime("When the ticket was created."),
    updated_at: dateTime("When the ticket was last updated. Incremental cursor."),
  },
);
