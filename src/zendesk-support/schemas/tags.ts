import type { JsonSchema } from "../../engine/json-schema.js";
import { header, int, strKey } from "../../engine/schema-dialect.js";
import type { JsonObject } from "../../protocol/messages.js";

/** JSON schema (draft-07) of the `tags` stream. */
export const tagsSchema: JsonObject = {
  ...header("tags", "Tags used in the account, most used first (GET /api/v2/tags)."),
  properties: {
    name: strKey("The tag. Primary key (tags have no id)."),
    count: int("Approximate number of tickets, users and organizations carrying the tag (recent use)."),
  },
} as const satisfies JsonSchema;
