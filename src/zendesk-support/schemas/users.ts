import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  array,
  attachmentFile,
  bool,
  dateTime,
  freeMap,
  int,
  intKey,
  obj,
  str,
  strArray,
  streamSchema,
} from "./common.js";

/** Properties of a photo and of each of its thumbnails (an attachment). */
const photoProperties = {
  id: int("ID of the photo attachment."),
  ...attachmentFile,
  width: int("Width in pixels."),
  height: int("Height in pixels."),
  inline: bool("Whether the file is inline."),
  deleted: bool("Whether the file was deleted."),
} as const satisfies Record<string, JsonSchema>;

/** JSON schema (draft-07) of the `users` stream. */
export const usersSchema: JsonObject = streamSchema(
  "users",
  "Zendesk Support users: end users, agents, admins (GET /api/v2/incremental/users/cursor.json).",
  {
    id: intKey("ID of the user. Primary key."),
    url: str("API URL of the user."),
    name: str("Name of the user."),
    email: str("Primary email address, or null."),
    phone: str("Primary phone number, or null."),
    alias: str("Alias shown to end users instead of the agent's name."),
    active: bool("false once the user has been deleted."),
    verified: bool("Whether the user's primary identity is verified."),
    suspended: bool("Whether the user is suspended."),
    shared: bool("Whether the user is shared from another Zendesk account (sharing agreement)."),
    shared_agent: bool("Whether the user is an agent shared from another account."),
    shared_phone_number: bool("Whether the user's phone number is shared with other users."),
    role: str('Role: "end-user", "agent" or "admin".'),
    role_type: int(
      "Agent role type: 0 custom, 1 light agent, 2 chat agent, 4 contributor, ...; null for end users.",
    ),
    custom_role_id: int("ID of the agent's custom role (Enterprise), or null."),
    moderator: bool("Whether the user can moderate the Help Center community."),
    restricted_agent: bool("Whether the agent is restricted to some tickets."),
    ticket_restriction: str(
      'Tickets the user can access: "organization", "groups", "assigned", "requested" or null.',
    ),
    only_private_comments: bool("Whether the user can only create private comments."),
    chat_only: bool("Whether the agent only has access to Chat."),
    default_group_id: int("ID of the agent's default group, or null."),
    organization_id: int("ID of the user's (default) organization, or null."),
    external_id: str("ID of the user in an external system, or null."),
    locale: str('Locale, e.g. "en-US".'),
    locale_id: int("ID of the user's locale."),
    time_zone: str('Time zone name, e.g. "Eastern Time (US & Canada)".'),
    iana_time_zone: str('IANA time zone, e.g. "America/New_York".'),
    signature: str("Agent signature appended to comments."),
    details: str("Details about the user (e.g. an address)."),
    notes: str("Notes about the user."),
    tags: strArray("Tags of the user (when user tagging is enabled)."),
    user_fields: freeMap("Values of the custom user fields, keyed by field key."),
    photo: obj("Profile photo (an attachment), or null.", {
      ...photoProperties,
      thumbnails: array("Thumbnails of the photo.", obj("A thumbnail.", photoProperties)),
    }),
    remote_photo_url: str("URL of a photo hosted elsewhere, or null."),
    two_factor_auth_enabled: bool(
      "Whether two-factor authentication is on (null when not visible to the caller).",
    ),
    report_csv: bool("Whether the agent can access CSV reports (legacy)."),
    permanently_deleted: bool("Whether the deleted user was also permanently deleted (GDPR)."),
    last_login_at: dateTime("When the user last signed in, or null."),
    created_at: dateTime("When the user was created."),
    updated_at: dateTime("When the user was last updated. Incremental cursor."),
  },
);
