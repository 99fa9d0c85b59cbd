import type { JsonObject } from "../../protocol/messages.js";
import { bool, dateTime, int, intKey, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `group_memberships` stream. */
export const groupMembershipsSchema: JsonObject = streamSchema(
  "group_memberships",
  "Memberships of agents in groups (GET /api/v2/group_memberships).",
  {
    id: intKey("ID of the membership. Primary key."),
    url: str("API URL of the membership."),
    user_id: int("ID of the agent."),
    group_id: int("ID of the group."),
    default: bool("Whether the group is the agent's default group."),
    created_at: dateTime("When the membership was created."),
    updated_at: dateTime("When the membership was last updated. Incremental cursor."),
  },
);
