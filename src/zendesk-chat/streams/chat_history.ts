import type { JsonObject } from "../../protocol/messages.js";
import { chatHistorySchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, indexedRows } from "./chat-children.js";

/** One row per element of `chats[].history` (events have no id: keyed by their position). */
export class ChatHistory extends ChatChildStream {
  readonly name = "chat_history";
  readonly primaryKey = ["chat_id", "index"];
  readonly schema = chatHistorySchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    return indexedRows(chat, "history", added);
  }
}
