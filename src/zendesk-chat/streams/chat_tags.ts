import type { JsonObject } from "../../protocol/messages.js";
import { chatTagsSchema } from "../schemas/index.js";
import { chatChild, elements } from "./chat-children.js";

/** One row per tag of `chats[].tags` (a tag listed twice is one row: the key is chat_id + tag). */
export const chatTags = chatChild({
  name: "chat_tags",
  primaryKey: ["chat_id", "tag"],
  schema: chatTagsSchema,
  rows: (chat, added) => {
    const seen = new Set<string>();
    const rows: JsonObject[] = [];
    for (const tag of elements(chat, "tags")) {
      if (typeof tag !== "string" || seen.has(tag)) continue;
      seen.add(tag);
      rows.push({ chat_id: added.chat_id, tag, chat_update_timestamp: added.chat_update_timestamp });
    }
    return rows;
  },
});
