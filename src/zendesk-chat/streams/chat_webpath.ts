import type { JsonObject } from "../../protocol/messages.js";
import { chatWebpathSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, indexedRows } from "./chat-children.js";

/** One row per page of `chats[].webpath`, keyed by its position. */
export class ChatWebpath extends ChatChildStream {
  readonly name = "chat_webpath";
  readonly primaryKey = ["chat_id", "index"];
  readonly schema = chatWebpathSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    return indexedRows(chat, "webpath", added);
  }
}
