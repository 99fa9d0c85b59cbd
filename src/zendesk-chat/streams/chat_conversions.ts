import type { JsonObject } from "../../protocol/messages.js";
import { chatConversionsSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, identifiedRows } from "./chat-children.js";

/** One row per element of `chats[].conversions` (the chat's last 20 goal conversions). */
export class ChatConversions extends ChatChildStream {
  readonly name = "chat_conversions";
  readonly primaryKey = ["chat_id", "id"];
  readonly schema = chatConversionsSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    return identifiedRows(chat, "conversions", added);
  }
}
