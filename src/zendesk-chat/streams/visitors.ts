import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import { visitorsSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys } from "./chat-children.js";

/**
 * The visitor of each chat, keyed by the visitor's id: a deduped destination holds the latest seen
 * (the one of the visitor's most recently updated chat), with that chat's id.
 */
export class Visitors extends ChatChildStream {
  readonly name = "visitors";
  readonly primaryKey = ["id"];
  readonly schema = visitorsSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    const visitor = chat.visitor;
    if (!isObject(visitor) || typeof visitor.id !== "string" || visitor.id === "") return [];
    return [{ ...visitor, chat_id: added.chat_id, chat_update_timestamp: added.chat_update_timestamp }];
  }
}
