import type { JsonObject } from "../../protocol/messages.js";
import { chatTagsSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, elements } from "./chat-children.js";

/** One row per tag of `chats[].tags` (a tag listed twice is one row: the key is chat_id + tag). */
export class ChatTags extends ChatChildStream {
  readonly name = "chat_tags";
  readonly primaryKey = ["chat_id", "tag"];
  readonly schema = chatTagsSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    const seen = new Set<string>();
    const rows: JsonObject[] = [];
    for (const tag of elements(chat, "tags")) {
      if (typeof tag !== "string" || seen.has(tag)) continue;
      seen.add(tag);
      rows.push({ chat_id: added.chat_id, tag, chat_update_timestamp: added.chat_update_timestamp });
    }
    return rows;
  }
}
