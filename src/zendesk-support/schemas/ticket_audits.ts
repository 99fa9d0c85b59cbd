import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  array,
  attachment,
  bool,
  dateTime,
  freeMap,
  int,
  intArray,
  intKey,
  num,
  obj,
  str,
  streamSchema,
  untyped,
  via,
} from "./common.js";

/**
 * One event of an audit. `type` selects the shape: "Comment" / "VoiceComment" (body, html_body,
 * plain_body, public, author_id, attachments), "Create" / "Change" (field_name, value, previous_value),
 * "Notification" / "Cc" / "Tweet" (subject, body, recipients), "ChatStartedEvent", "SatisfactionRating",
 * "FollowerChange", "AgentMacroReference", ... Only the keys of the common kinds are declared.
 */
const auditEvent = obj("An event of the audit (a comment, a field change, a notification, ...).", {
  id: int("ID of the event."),
  type: str('Kind of event, e.g. "Comment", "Create", "Change", "Notification", "VoiceComment".'),
  author_id: int("Author of a comment event."),
  body: str("Text of a comment or notification."),
  html_body: str("HTML of a comment."),
  plain_body: str("Plain text of a comment."),
  public: bool("Whether a comment is public."),
  audit_id: int("ID of the audit the comment belongs to."),
  attachments: array("Files attached to a comment.", attachment),
  field_name: str(
    'Field a Create/Change event set, e.g. "status", "tags", "assignee_id" or a custom field ID.',
  ),
  value: untyped(
    "Value a Create/Change event set: a string, a number, an array of strings (tags), an object or null, " +
      "so any value is accepted.",
  ),
  previous_value: untyped("Value before a Change event; same kinds as value, so any value is accepted."),
  subject: str("Subject of a notification."),
  recipients: intArray("IDs of the users a notification was sent to."),
  via: via("What produced the event (e.g. the trigger behind a notification)."),
  macro_id: str("ID of the macro an AgentMacroReference event refers to (a string)."),
  macro_title: str("Title of that macro."),
  macro_deleted: bool("Whether that macro has been deleted."),
  resource: str("Resource an event refers to."),
  data: obj("Call details of a VoiceComment event.", {
    from: str("Caller's number."),
    to: str("Called number."),
    call_duration: num("Call duration in seconds."),
    recording_url: str("URL of the recording."),
    started_at: dateTime("When the call started."),
    answered_by_id: int("ID of the agent who answered."),
    answered_by_name: str("Name of the agent who answered."),
    transcription_text: str("Transcription of the call."),
    location: str("Caller's location."),
  }),
  formatted_from: str("Caller's number formatted for display (VoiceComment)."),
  formatted_to: str("Called number formatted for display (VoiceComment)."),
  transcription_visible: bool("Whether the transcription is visible (VoiceComment)."),
  trusted: bool("Whether the comment is trusted (false for suspicious email)."),
  created_at: dateTime("When the event was created (some event types only)."),
}) satisfies JsonSchema;

/** JSON schema (draft-07) of the `ticket_audits` stream. */
export const ticketAuditsSchema: JsonObject = streamSchema(
  "ticket_audits",
  "Ticket audits: each change to a ticket and its events (GET /api/v2/ticket_audits).",
  {
    id: intKey("ID of the audit. Primary key."),
    ticket_id: int("ID of the audited ticket."),
    author_id: int("ID of the user who made the change (-1 for Zendesk itself)."),
    created_at: dateTime("When the audit was created. Incremental cursor."),
    via: via("How the change was made."),
    metadata: obj("Metadata of the change: the client that made it (`system`) and custom metadata.", {
      system: obj("Client information recorded by Zendesk.", {
        client: str("User agent of the client."),
        ip_address: str("IP address of the client."),
        location: str("Location derived from the IP address."),
        latitude: num("Latitude of that location."),
        longitude: num("Longitude of that location."),
        message_id: str("Message-ID of the inbound email."),
        email_id: str("ID of the inbound email."),
        raw_email_identifier: str("Identifier of the raw inbound email."),
        json_email_identifier: str("Identifier of the parsed inbound email."),
        eml_redacted: bool("Whether the stored email was redacted."),
      }),
      custom: freeMap("Custom metadata sent with the API request that made the change."),
      flags: intArray("Flags Zendesk raised on the change (e.g. suspicious email)."),
      flags_options: freeMap("Details of each flag, keyed by flag number."),
      trusted: bool("Whether the change is trusted."),
      notifications_suppressed_for: intArray("IDs of the users notifications were suppressed for."),
    }),
    events: array("Events of the audit, in order (possibly empty).", auditEvent),
  },
);
