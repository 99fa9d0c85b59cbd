import type { JsonSchema } from "../../engine/json-schema.js";

// Building blocks shared by the Zendesk Support stream schemas. Same conventions as the Chat schemas:
// draft-07, fully inlined (no $ref / allOf / anyOf / oneOf / not), `additionalProperties: true` on every
// object, every field nullable except the primary key, type lists [X] or [X, "null"], and a field whose
// value Zendesk sends in several JSON types carries no `type` at all (an empty schema + description).

/** Top-level keywords of a stream schema. */
export const header = (title: string, description: string) =>
  ({
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    description,
    type: "object",
    additionalProperties: true,
  }) as const;

/** A nullable string. */
export const str = (description: string) => ({ type: ["string", "null"], description }) as const;

/** A nullable integer (ids, counts, positions). */
export const int = (description: string) => ({ type: ["integer", "null"], description }) as const;

/** A nullable boolean. */
export const bool = (description: string) => ({ type: ["boolean", "null"], description }) as const;

/** A nullable ISO 8601 timestamp, e.g. "2024-03-01T09:15:00Z". */
export const dateTime = (description: string) =>
  ({ type: ["string", "null"], format: "date-time", description }) as const;

/** A nullable array of integers (id lists). */
export const intArray = (description: string) =>
  ({ type: ["array", "null"], description, items: { type: ["integer", "null"] } }) as const;

/** A nullable array of strings (tags, domain names). */
export const strArray = (description: string) =>
  ({ type: ["array", "null"], description, items: { type: ["string", "null"] } }) as const;

/**
 * A free-form map whose keys the account defines (user_fields, organization_fields, metadata.custom):
 * no declared properties, any value.
 */
export const freeMap = (description: string) =>
  ({ type: ["object", "null"], description, additionalProperties: true, properties: {} }) as const;

/** A duration metric in minutes, inside and outside business hours (ticket_metrics). */
export const calendarBusiness = (description: string) =>
  ({
    type: ["object", "null"],
    description,
    additionalProperties: true,
    properties: {
      calendar: int("Minutes in calendar hours."),
      business: int("Minutes in business hours."),
    },
  }) as const;

/** One end (from / to) of a `via.source`: the keys depend on the channel, so they are all optional. */
const viaEndpoint = (description: string) =>
  ({
    type: ["object", "null"],
    description,
    additionalProperties: true,
    properties: {
      address: str("Email address or phone number (email, voice, sms channels)."),
      name: str("Display name of the sender or recipient."),
      id: int("ID of the rule (trigger, automation, macro) or ticket the change came from."),
      title: str("Title of the rule the change came from."),
      deleted: bool("Whether that rule has since been deleted."),
      revision_id: int("Revision of the rule that ran."),
      ticket_id: int("Source ticket of a follow-up, merge or side conversation."),
      ticket_ids: intArray("Tickets merged into this one (merge events)."),
      subject: str("Subject of the source ticket."),
      original_recipients: strArray("All recipients of the original email."),
      email_ccs: {
        type: ["array", "null"],
        description:
          "CCs of the inbound email; Zendesk sends ids or addresses depending on the account, so items are untyped.",
        items: { description: "A CC: an integer user id or an email address string." },
      },
      phone: str("Phone number (voice, sms, WhatsApp channels)."),
      formatted_phone: str("Phone number formatted for display."),
      username: str("Handle on a social channel."),
      profile_url: str("Profile URL on a social channel."),
      facebook_id: str("Facebook ID (Facebook channel)."),
      topic_id: int("Community topic (forum channel)."),
      topic_name: str("Community topic name (forum channel)."),
      brand_id: int("Brand that received the ticket."),
    },
  }) as const;

/**
 * How a ticket, audit or event was created: `{channel, source: {from, to, rel}}`. Zendesk documents the
 * channel as a string ("web", "email", "api", "rule", "chat", "voice", "sample_ticket", ...).
 */
export const via = (description: string) =>
  ({
    type: ["object", "null"],
    description,
    additionalProperties: true,
    properties: {
      channel: str('Channel, e.g. "web", "email", "api", "rule", "chat", "voice", "mobile_sdk".'),
      source: {
        type: ["object", "null"],
        description: "Where the change came from; `from` and `to` are often empty objects.",
        additionalProperties: true,
        properties: {
          from: viaEndpoint("Sender side of the channel."),
          to: viaEndpoint("Recipient side of the channel."),
          rel: str('Relation, e.g. "trigger", "automation", "follow_up", "merge", or null.'),
        },
      },
    },
  }) as const satisfies JsonSchema;

/** A file attached to a comment (ticket_audits comment events). */
export const attachment = {
  type: ["object", "null"],
  description: "An attachment.",
  additionalProperties: true,
  properties: {
    id: int("ID of the attachment."),
    url: str("API URL of the attachment."),
    file_name: str("File name."),
    content_url: str("Download URL."),
    mapped_content_url: str("Download URL on the account's host-mapped domain."),
    content_type: str("MIME type."),
    size: int("Size in bytes."),
    width: int("Width in pixels (images), else null."),
    height: int("Height in pixels (images), else null."),
    inline: bool("Whether the file is shown inline in the comment."),
    deleted: bool("Whether the attachment was redacted."),
    malware_access_override: bool("Whether access is allowed despite a positive malware scan."),
    malware_scan_result: str('Result of the malware scan, e.g. "malware_not_found".'),
    thumbnails: {
      type: ["array", "null"],
      description: "Thumbnails of an image attachment (attachment objects themselves).",
      items: {
        type: ["object", "null"],
        description: "A thumbnail.",
        additionalProperties: true,
        properties: {
          id: int("ID of the thumbnail."),
          url: str("API URL of the thumbnail."),
          file_name: str("File name."),
          content_url: str("Download URL."),
          content_type: str("MIME type."),
          size: int("Size in bytes."),
          width: int("Width in pixels."),
          height: int("Height in pixels."),
        },
      },
    },
  },
} as const satisfies JsonSchema;
