import type { JsonObject } from "../../protocol/messages.js";
import { int, streamSchema, strKey } from "./common.js";

/** JSON schema (draft-07) of the `tags` stream. */
export const tagsSchema: JsonObject = streamSchema(
  "tags",
  "Tags used in the account, most used first (GET /api/v2/tags).",
  {
    name: strKey("The tag. Primary key (tags have no id)."),
    count: int("Approximate number of tickets, users and organizations carrying the tag (recent use)."),
  },
);
