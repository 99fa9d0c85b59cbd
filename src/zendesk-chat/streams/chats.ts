import type { StreamDefinition } from "../../source/stream.js";
import { underKey } from "../extractors.js";
import { chatsSchema } from "../schemas/index.js";

export const chats: StreamDefinition = {
  name: "chats",
  path: "incremental/chats",
  primaryKey: ["id"],
  schema: chatsSchema,
  pagination: { kind: "incremental_export", pageSize: 1000, timeUnit: "seconds" },
  cursorField: "update_timestamp",
  cursorKind: "datetime",
  // Without the expansion the export returns little more than ids.
  query: { fields: "chats(*)" },
  extract: underKey("chats"),
};
