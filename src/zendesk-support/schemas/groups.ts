import type { JsonObject } from "../../protocol/messages.js";
import { bool, dateTime, intKey, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `groups` stream. */
export const groupsSchema: JsonObject = streamSchema(
  "groups",
  "Agent groups, deleted ones included (GET /api/v2/groups).",
  {
    id: intKey("ID of the group. Primary key."),
    url: str("API URL of the group."),
    name: str("Name of the group."),
    description: str("Description of the group (possibly empty)."),
    default: bool("Whether the group is the account's default group."),
    deleted: bool("Whether the group has been deleted."),
    is_public: bool("Whether the group is public (false: private, its tickets visible to members only)."),
    created_at: dateTime("When the group was created."),
    updated_at: dateTime("When the group was last updated. Incremental cursor."),
  },
);
