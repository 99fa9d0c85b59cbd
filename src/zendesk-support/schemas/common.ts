import type { JsonSchema } from "../../engine/json-schema.js";
import { array, bool, int, intArray, obj, str, strArray, untyped } from "../../engine/schema-dialect.js";

export * from "../../engine/schema-dialect.js";

// Building blocks of the Zendesk Support stream schemas that only Support needs. The generic ones
// (str, int, dateTime, obj, array, ...) and the conventions they follow are the engine kit's schema
// dialect (src/engine/schema-dialect.ts), shared with the Chat schemas.

/** A duration metric in minutes, inside and outside business hours (ticket_metrics). */
export const calendarBusiness = (description: string) =>
  obj(description, {
    calendar: int("Minutes in calendar hours."),
    business: int("Minutes in business hours."),
  });

/** One end (from / to) of a `via.source`: the keys depend on the channel, so they are all optional. */
const viaEndpoint = (description: string) =>
  obj(description, {
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
    email_ccs: array(
      "CCs of the inbound email; Zendesk sends ids or addresses depending on the account, so items are untyped.",
      untyped("A CC: an integer user id or an email address string."),
    ),
    phone: str("Phone number (voice, sms, WhatsApp channels)."),
    formatted_phone: str("Phone number formatted for display."),
    username: str("Handle on a social channel."),
    profile_url: str("Profile URL on a social channel."),
    facebook_id: str("Facebook ID (Facebook channel)."),
    topic_id: int("Community topic (forum channel)."),
    topic_name: str("Community topic name (forum channel)."),
    brand_id: int("Brand that received the ticket."),
  });

/**
 * How a ticket, audit or event was created: `{channel, source: {from, to, rel}}`. Zendesk documents the
 * channel as a string ("web", "email", "api", "rule", "chat", "voice", "sample_ticket", ...).
 */
export const via = (description: string) =>
  obj(description, {
    channel: str('Channel, e.g. "web", "email", "api", "rule", "chat", "voice", "mobile_sdk".'),
    source: obj("Where the change came from; `from` and `to` are often empty objects.", {
      from: viaEndpoint("Sender side of the channel."),
      to: viaEndpoint("Recipient side of the channel."),
      rel: str('Relation, e.g. "trigger", "automation", "follow_up", "merge", or null.'),
    }),
  }) satisfies JsonSchema;

/** The file of an attachment (comment attachments, user photos): where to get it and what it is. */
export const attachmentFile = {
  url: str("API URL of the attachment."),
  file_name: str("File name."),
  content_url: str("Download URL."),
  mapped_content_url: str("Download URL on the account's host-mapped domain."),
  content_type: str("MIME type."),
  size: int("Size in bytes."),
} as const satisfies Record<string, JsonSchema>;

/** A file attached to a comment (ticket_audits comment events). */
export const attachment = obj("An attachment.", {
  id: int("ID of the attachment."),
  ...attachmentFile,
  width: int("Width in pixels (images), else null."),
  height: int("Height in pixels (images), else null."),
  inline: bool("Whether the file is shown inline in the comment."),
  deleted: bool("Whether the attachment was redacted."),
  malware_access_override: bool("Whether access is allowed despite a positive malware scan."),
  malware_scan_result: str('Result of the malware scan, e.g. "malware_not_found".'),
  thumbnails: array(
    "Thumbnails of an image attachment (attachment objects themselves).",
    obj("A thumbnail.", {
      id: int("ID of the thumbnail."),
      url: str("API URL of the thumbnail."),
      file_name: str("File name."),
      content_url: str("Download URL."),
      content_type: str("MIME type."),
      size: int("Size in bytes."),
      width: int("Width in pixels."),
      height: int("Height in pixels."),
    }),
  ),
}) satisfies JsonSchema;
