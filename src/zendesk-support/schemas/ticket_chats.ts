import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import { bool, dateTime, int, intKey, str, streamSchema, untyped } from "./common.js";

// ticket_chats and ticket_chat_events: the ChatStartedEvent events of the ticket audits and their
// history entries. Column names are Fivetran's `ticket_chat` / `ticket_chat_event` where Zendesk
// documents none (fivetran/dbt_zendesk models/staging/src_zendesk.yml); every other field the API
// sends is kept as it came. docs/zendesk-support-api-notes.md has the sources.

/** The fields a row takes from its audit: where it came from, and the cursor. */
const fromAudit = {
  ticket_id: int("ID of the ticket the audit belongs to."),
  audit_id: int("ID of the audit holding the ChatStartedEvent."),
  event_id: intKey("ID of the ChatStartedEvent within the audit (unique across audits)."),
  audit_created_at: dateTime(
    "created_at of the audit (audits never change): the incremental cursor, not a time of the chat.",
  ),
} satisfies Record<string, JsonSchema>;

const actorId = untyped(
  'Who triggered the event: a Support user id (integer), or a string such as "agent:<id>" or "__system" (kept as sent).',
);

/** JSON schema (draft-07) of the `ticket_chats` stream. */
export const ticketChatsSchema: JsonObject = streamSchema(
  "ticket_chats",
  "One row per chat or messaging session in the ticket audits (a ChatStartedEvent's value without its history).",
  {
    chat_id: str("ID of the chat session (e.g. 2109.10502823.Sjuj2YrBpXwei)."),
    ...fromAudit,
    conversation_id: str("ID of the Sunshine (messaging) conversation; all sessions of a ticket share it."),
    channel: str('Channel the conversation came through: "chat" or "native_messaging".'),
    backend: str("System processing the session."),
    integration_id: str("Integration that created the chat ticket."),
    visitor_id: str("Chat visitor id."),
    user_id: int("Support user (the customer) who started the session."),
    tags: untyped("Tags placed on the chat (a JSON list)."),
    webpath: untyped("Pages visited during the chat (a JSON list)."),
    initiator: untyped("Who started it: 1 agent, 2 end user, 5 system (Flow Builder, Answer Bot)."),
    authenticated: bool("Whether the user was authenticated."),
    department_id: int(
      "Department (Support group) of the session. Not in any reference: modelled, kept as sent.",
    ),
    visitor_name: str("Visitor's display name. Not in any reference: modelled, kept as sent."),
  },
);

/** JSON schema (draft-07) of the `ticket_chat_events` stream. */
export const ticketChatEventsSchema: JsonObject = streamSchema(
  "ticket_chat_events",
  "One row per entry of a ChatStartedEvent's history (messages, joins, leaves, attachments, ratings, transfers, ...).",
  {
    chat_id: str("ID of the chat session (join to ticket_chats)."),
    index: intKey("0-based position of the entry in the session's history (with event_id, the key)."),
    ...fromAudit,
    type: str(
      "ChatMessage, ChatJoin, ChatLeave, ChatFileAttachment, ChatMessageStatus, ChatRatingChanged, …",
    ),
    created_at: dateTime("When it happened: the entry's `timestamp` (epoch ms) as a date-time."),
    timestamp: int("When it happened, epoch milliseconds, as sent."),
    chat_index: int("The entry's chat_index, as sent (legacy chat)."),
    actor_id: actorId,
    actor_name: str("Display name of the actor."),
    actor_type: str('Kind of actor, e.g. "end-user", "agent".'),
    message: str("Text of a ChatMessage."),
    message_id: str("ID of a messaging message (the target message on ChatMessageStatus)."),
    external_message_id: str("External ID of the message."),
    parent_message_id: str("ID of the parent message."),
    message_source: str("Origin of the message, e.g. NATIVE_MESSAGING."),
    original_message: untyped(
      "The Sunshine Conversations message object (author.type BUSINESS: a bot), as sent.",
    ),
    original_message_type: str("file, text, form_response, form, image, …"),
    filename: str("Name of an attached file (ChatFileAttachment)."),
    mime_type: str("MIME type of an attached file."),
    size: int("Size of an attached file in bytes."),
    url: str("URL of an attached file."),
    status: str("READ, SEND_SUCCESS, DELIVERY_SUCCESS (ChatMessageStatus)."),
    status_updated_at: untyped("When the status changed, as sent."),
    reason: str("Cause of an event, e.g. why a session ended or was transferred."),
    is_history_context: bool("Whether the event is part of reconstructed history context."),
    department_id: int(
      "Department (Support group) a ChatDepartmentTransfer moved the chat to (not in any reference: modelled, kept as sent).",
    ),
    rating: str(
      "Rating of a ChatRatingChanged event, e.g. good or bad (not in any reference: modelled, kept as sent).",
    ),
    new_rating: str(
      "New rating of a ChatRatingChanged event (not in any reference: modelled, kept as sent).",
    ),
  },
);

const history = [
  {
    actor_id: 1900448983828,
    actor_name: "Visitor 36044085",
    actor_type: "end-user",
    chat_index: 0,
    timestamp: 1632470783218,
    type: "ChatJoin",
  },
  { chat_index: 1, type: "ChatMessage", message: "My ID number is 847564!", timestamp: 1632470790218 },
];

/** Records in the documented shape (Zendesk's chat-redaction examples, Fivetran's seed data). */
export const ticketChatsSamples: JsonObject[] = [
  {
    chat_id: "2109.10502823.Sjuj2YrBpXwei",
    ticket_id: 4211,
    audit_id: 2127301143,
    event_id: 2127301163,
    audit_created_at: "2021-09-24T08:06:30Z",
    visitor_id: "10502823-16EkM3T6VNq7KMd",
    channel: "chat",
    backend: "chat",
    conversation_id: null,
    tags: [],
    webpath: [],
    initiator: 2,
  },
  {
    authenticated: true,
    backend: "chat",
    channel: "native_messaging",
    chat_id: "2403.10503080.19kjeen2",
    conversation_id: "65a2c1f08e9d4b0012ab34cd",
    integration_id: "5f6a8c2e1b9d4e0012f3a7b1",
    ticket_id: 4213,
    audit_id: 2127301145,
    event_id: 2127301165,
    audit_created_at: "2024-01-15T10:02:11Z",
    user_id: 1900448983828,
    visitor_id: "21432-1JDmGTcw35VtqY",
    tags: ["vip"],
    webpath: [],
    initiator: 5,
  },
];

export const ticketChatEventsSamples: JsonObject[] = [
  ...history.map((entry, index) => ({
    ...entry,
    chat_id: "2109.10502823.Sjuj2YrBpXwei",
    index,
    ticket_id: 4211,
    audit_id: 2127301143,
    event_id: 2127301163,
    audit_created_at: "2021-09-24T08:06:30Z",
    created_at: new Date(entry.timestamp).toISOString(),
  })),
  {
    actor_id: "agent:1900448983999",
    chat_id: "2109.10502823.Sjuj2YrBpXwex",
    index: 0,
    ticket_id: 4212,
    audit_id: 2127301144,
    event_id: 2127301164,
    audit_created_at: "2023-12-28T14:25:00Z",
    created_at: "2023-12-28T14:21:48.518Z",
    type: "ChatMessage",
    message: "Hi there",
    message_id: "658d847c2a1b",
    original_message: {
      author: { display_name: "Company Bot", type: "BUSINESS" },
      content: { text: { text: "Hi there" } },
      source: { type: "zd:answerBot" },
    },
  },
];
