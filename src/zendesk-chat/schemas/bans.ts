import { dateTime, intKey, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `bans` stream. */
export const bansSchema = streamSchema(
  "bans",
  "IP-address and visitor bans (GET /bans; ip_address and visitor lists concatenated).",
  {
    create_date: dateTime("Legacy field name declared by the Airbyte schema; the API returns created_at."),
    created_at: dateTime("When the ban was created; null for older bans."),
    id: intKey("ID of the ban. Primary key and incremental cursor."),
    ip_address: str("Banned IP address (ip_address bans)."),
    reason: str("Reason for the ban."),
    type: str('Ban type: "ip_address" or "visitor".'),
    visitor_id: str("ID of the banned visitor (visitor bans)."),
    visitor_name: str("Name of the banned visitor (visitor bans)."),
  },
);
