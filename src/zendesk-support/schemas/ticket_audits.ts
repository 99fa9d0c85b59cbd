import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import { attachment, bool, dateTime, freeMap, header, int, intArray, str, via } from "./common.js";

/**
 * One event of an audit. `type` selects the shape: "Comment" / "VoiceComment" (body, html_body,
 * plain_body, public, author_id, attachments), "Create" / "Change" (field_name, value, previous_value),
 * "Notification" / "Cc" / "Tweet" (subject, body, recipients), "ChatStartedEvent", "SatisfactionRating",
 * "FollowerChange", "AgentMacroReference", ... Only the keys of the common kinds are declared.
 */
const auditEvent = {
  type: ["object", "null"],
  description: "An event of the audit (a comment, a field change, a notification, ...).",
  additionalProperties: true,
  properties: {
    id: int("ID of the event."),
    type: str('Kind of event, e.g. "Comment", "Create", "Change", "Notification", "VoiceComment".'),
    author_id: int("Author of a comment event."),
    body: str("Text of a comment or notification."),
    html_body: str("HTML of a comment."),
    plain_body: str("Plain text of a comment."),
    public: bool("Whether a comment is public."),
    audit_id: int("ID of the audit the comment belongs to."),
    attachments: {
      type: ["array", "null"],
      description: "Files attached to a comment.",
      items: attachment,
    },
    field_name: str(
      'Field a Create/Change event set, e.g. "status", "tags", "assignee_id" or a custom field ID.',
    ),
    value: {
      description:
        "Value a Create/Change event set: a string, a number, an array of strings (tags), an object or null, " +
        "so any value is accepted.",
    },
    previous_value: {
      description: "Value before a Change event; same kinds as value, so any value is accepted.",
    },
    subject: str("Subject of a notification."),
    recipients: intArray("IDs of the users a notification was sent to."),
    via: via("What produced the event (e.g. the trigger behind a notification)."),
    macro_id: str("ID of the macro an AgentMacroReference event refers to (a string)."),
    macro_title: str("Title of that macro."),
    macro_deleted: bool("Whether that macro has been deleted."),
    resource: str("Resource an event refers to."),
    data: {
      type: ["object", "null"],
      description: "Call details of a VoiceComment event.",
      additionalProperties: true,
      properties: {
        from: str("Caller's number."),
        to: str("Called number."),
        call_duration: { type: ["number", "null"], description: "Call duration in seconds." },
        recording_url: str("URL of the recording."),
        started_at: dateTime("When the call started."),
        answered_by_id: int("ID of the agent who answered."),
        answered_by_name: str("Name of the agent who answered."),
        transcription_text: str("Transcription of the call."),
        location: str("Caller's location."),
      },
    },
    formatted_from: str("Caller's number formatted for display (VoiceComment)."),
    formatted_to: str("Called number formatted for display (VoiceComment)."),
    transcription_visible: bool("Whether the transcription is visible (VoiceComment)."),
    trusted: bool("Whether the comment is trusted (false for suspicious email)."),
    created_at: dateTime("When the event was created (some event types only)."),
  },
} as const satisfies JsonSchema;

/** JSON schema (draft-07) of the `ticket_audits` stream. */
export const ticketAuditsSchema: JsonObject = {
  ...header(
    "ticket_audits",
    "Ticket audits: each change to a ticket and its events (GET /api/v2/ticket_audits).",
  ),
  properties: {
    id: { type: ["integer"], description: "ID of the audit. Primary key." },
    ticket_id: int("ID of the audited ticket."),
    author_id: int("ID of the user who made the change (-1 for Zendesk itself)."),
    created_at: dateTime("When the audit was created. Incremental cursor."),
    via: via("How the change was made."),
    metadata: {
      type: ["object", "null"],
      description: "Metadata of the change: the client that made it (`system`) and custom metadata.",
      additionalProperties: true,
      properties: {
        system: {
          type: ["object", "null"],
          description: "Client information recorded by Zendesk.",
          additionalProperties: true,
          properties: {
            client: str("User agent of the client."),
            ip_address: str("IP address of the client."),
            location: str("Location derived from the IP address."),
            latitude: { type: ["number", "null"], description: "Latitude of that location." },
            longitude: { type: ["number", "null"], description: "Longitude of that location." },
            message_id: str("Message-ID of the inbound email."),
            email_id: str("ID of the inbound email."),
            raw_email_identifier: str("Identifier of the raw inbound email."),
            json_email_identifier: str("Identifier of the parsed inbound email."),
            eml_redacted: bool("Whether the stored email was redacted."),
          },
        },
        custom: freeMap("Custom metadata sent with the API request that made the change."),
        flags: intArray("Flags Zendesk raised on the change (e.g. suspicious email)."),
        flags_options: freeMap("Details of each flag, keyed by flag number."),
        trusted: bool("Whether the change is trusted."),
        notifications_suppressed_for: intArray("IDs of the users notifications were suppressed for."),
      },
    },
    events: {
      type: ["array", "null"],
      description: "Events of the audit, in order (possibly empty).",
      items: auditEvent,
    },
  },
} as const satisfies JsonSchema;
