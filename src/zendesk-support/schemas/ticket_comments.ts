import type { JsonObject } from "../../protocol/messages.js";
import { array, attachment, bool, dateTime, freeMap, int, intKey, str, streamSchema, via } from "./common.js";

/** JSON schema (draft-07) of the `ticket_comments` stream (Airbyte's fields, one row per comment). */
export const ticketCommentsSchema: JsonObject = streamSchema(
  "ticket_comments",
  "Ticket comments: the Comment child events of the ticket events export " +
    "(GET /api/v2/incremental/ticket_events.json?include=comment_events&support_type_scope=all), " +
    "with their event's ticket_id, timestamp and via_reference_id.",
  {
    id: intKey("ID of the comment (the audit's Comment event). Primary key."),
    ticket_id: int("ID of the ticket (from the ticket event)."),
    audit_id: int("ID of the audit the comment belongs to (the ticket event's id)."),
    author_id: int("ID of the comment's author."),
    body: str("Text of the comment."),
    html_body: str("HTML of the comment."),
    plain_body: str("Plain text of the comment."),
    public: bool("Whether the requester can see the comment (false: an internal note)."),
    type: str('"Comment" (or "VoiceComment").'),
    event_type: str('"Comment": the kind of child event.'),
    attachments: array("Files attached to the comment.", attachment),
    uploads: array("Upload tokens of the comment's files, when the API sends them.", str("A token.")),
    metadata: freeMap("Metadata of the change, when the API sends it."),
    via: via(
      "How the comment was made; null where the API sent a plain channel name instead of an object (as Airbyte's connector does).",
    ),
    via_reference_id: int("ID of the source of the change (from the ticket event), e.g. a rule or a merge."),
    created_at: dateTime("When the comment was made. Incremental cursor."),
    timestamp: int("The ticket event's time, epoch seconds (the export's own time)."),
  },
);

/** Rows as Airbyte's connector makes them from the reference's ticket event shape, written by hand. */
export const ticketCommentsSamples: JsonObject[] = [
  {
    id: 1274,
    ticket_id: 155,
    audit_id: 926256957613,
    author_id: 7,
    body: "Thanks for your help!",
    html_body: '<div class="zd-comment" dir="auto"><p dir="auto">Thanks for your help!</p></div>',
    plain_body: "Thanks for your help!",
    public: true,
    type: "Comment",
    event_type: "Comment",
    attachments: [],
    via: { channel: "web", source: { from: {}, to: {}, rel: null } },
    via_reference_id: null,
    created_at: "2020-09-29T05:37:13Z",
    timestamp: 1601357833,
  },
  {
    id: 1275,
    ticket_id: 156,
    audit_id: 926256957700,
    author_id: 12,
    body: "Internal: refund approved.",
    html_body: '<div class="zd-comment" dir="auto"><p dir="auto">Internal: refund approved.</p></div>',
    plain_body: "Internal: refund approved.",
    public: false,
    type: "Comment",
    event_type: "Comment",
    attachments: [
      {
        id: 498483,
        file_name: "receipt.pdf",
        content_url:
          "https://example.zendesk.com/attachments/token/tyBq1ms40dFaHefSIigxZpwGg/?name=receipt.pdf",
        content_type: "application/pdf",
        size: 2532,
        inline: false,
        deleted: false,
        thumbnails: [],
      },
    ],
    uploads: [],
    metadata: {},
    via: null,
    via_reference_id: 360001,
    created_at: "2020-09-30T11:02:45Z",
    timestamp: 1601463765,
  },
];
