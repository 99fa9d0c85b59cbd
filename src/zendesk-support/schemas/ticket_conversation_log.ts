import {
  array,
  dateTime,
  freeMap,
  int,
  obj,
  str,
  streamSchema,
  strKey,
} from "../../engine/schema-dialect.js";
import type { JsonObject } from "../../protocol/messages.js";

/** JSON schema (draft-07) of the `ticket_conversation_log` stream. */
export const ticketConversationLogSchema: JsonObject = streamSchema(
  "ticket_conversation_log",
  "Events of a messaging ticket's Conversation Log (GET /api/v2/tickets/{ticket_id}/conversation_log, Early Access), one row per event, with its ticket.",
  {
    id: strKey("ID of the event (a ULID string). Primary key."),
    ticket_id: int("ID of the ticket (added by the connector: the API's events do not carry it)."),
    ticket_generated_timestamp: int(
      "The ticket's generated_timestamp when its log was read, Unix epoch seconds (added by the connector). Incremental cursor.",
    ),
    type: str('The event type: "Comment" or "Messaging::ConversationMessage" (others may come).'),
    reference: str('The ticket event it stands for, e.g. "zen:ticket_event:<id>".'),
    created_at: dateTime("When the event happened."),
    author: obj("Who wrote it.", {
      type: str('"user", "agent" or "bot".'),
      "zen:support:user_id": int("The author's Support user id."),
      "zen:sunco:user_id": str("The author's Sunshine Conversations user id."),
      display_name: str("The author's display name."),
    }),
    content: obj("What was written; the fields depend on `type` (kept as sent).", {
      type: str('"text", "html", "image", "file", "form", "formResponse", …'),
      text: str("The text (type text)."),
      body: str("The HTML body (type html)."),
    }),
    attachments: array(
      "Attachments (Support attachment objects).",
      obj("An attachment.", {
        id: int("ID of the attachment."),
        file_name: str("Its file name."),
        content_url: str("Where to download it."),
        content_type: str("Its MIME type."),
        size: int("Its size in bytes."),
      }),
    ),
    metadata: freeMap("Metadata of the event."),
  },
);

/** Records in the shape of Zendesk's Conversation Log events reference, written by hand. */
export const ticketConversationLogSamples: JsonObject[] = [
  {
    id: "01J9QN8DC6EV34VR3W0KGFY7TW",
    ticket_id: 35436,
    ticket_generated_timestamp: 1729000000,
    type: "Messaging::ConversationMessage",
    reference: "zen:ticket_event:22334455",
    created_at: "2024-10-09T12:00:00Z",
    author: { type: "user", "zen:support:user_id": 10001, "zen:sunco:user_id": "5f1a2b3c4d5e6f7a8b9c0d1e" },
    content: { type: "text", text: "Hi, my order has not arrived yet." },
    attachments: [],
    metadata: {},
  },
  {
    id: "01J9QN9XK2B7S8ZV4M1QH3T5PD",
    ticket_id: 35436,
    ticket_generated_timestamp: 1729000000,
    type: "Comment",
    reference: "zen:ticket_event:22334466",
    created_at: "2024-10-09T12:03:00Z",
    author: { type: "agent", "zen:support:user_id": 20002 },
    content: { type: "html", body: "<p>Your order ships today.</p>" },
    attachments: [],
    metadata: {},
  },
];
