import type { JsonObject } from "../../protocol/messages.js";
import { bool, dateTime, freeMap, int, intKey, str, strArray, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `organizations` stream. */
export const organizationsSchema: JsonObject = streamSchema(
  "organizations",
  "Zendesk Support organizations (GET /api/v2/incremental/organizations.json).",
  {
    id: intKey("ID of the organization. Primary key."),
    url: str("API URL of the organization."),
    name: str("Unique name of the organization."),
    external_id: str("ID of the organization in an external system, or null."),
    details: str("Details about the organization (e.g. an address)."),
    notes: str("Notes about the organization."),
    group_id: int("ID of the group new tickets from the organization's users are assigned to, or null."),
    shared_tickets: bool("Whether the organization's end users can see each other's tickets."),
    shared_comments: bool("Whether the organization's end users can comment on each other's tickets."),
    domain_names: strArray("Email domains whose new users join the organization (possibly empty)."),
    tags: strArray("Tags of the organization (possibly empty)."),
    organization_fields: freeMap("Values of the custom organization fields, keyed by field key."),
    created_at: dateTime("When the organization was created."),
    updated_at: dateTime("When the organization was last updated. Incremental cursor."),
    deleted_at: dateTime("When the organization was deleted (incremental export), else null."),
  },
);
