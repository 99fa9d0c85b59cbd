import type { JsonObject } from "../../protocol/messages.js";
import { chatEngagementsSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, identifiedRows } from "./chat-children.js";

/** One row per element of `chats[].engagements`. */
export class ChatEngagements extends ChatChildStream {
  readonly name = "chat_engagements";
  readonly primaryKey = ["chat_id", "id"];
  readonly schema = chatEngagementsSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    return identifiedRows(chat, "engagements", added);
  }
}
