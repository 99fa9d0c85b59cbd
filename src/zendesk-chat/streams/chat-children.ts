import { ChildStream } from "../../engine/stream.js";
import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import { Chats } from "./chats.js";

/** What a child row adds to its chat's data: the chat's id and update time (its cursor). */
export interface ChatRowKeys {
  chat_id: unknown;
  chat_update_timestamp: unknown;
}

const chats = new Chats();

/**
 * A child stream of chats: fed by the same export pages (no request of its own), one row per nested
 * element, cursor `chat_update_timestamp` (the chat's update_timestamp). When a chat is exported again
 * (it was updated), all its rows are emitted again; rows that vanished from the chat are not deleted
 * downstream (a known limit; keep only the newest chat_update_timestamp per chat_id to drop them).
 * A subclass declares name, primaryKey and schema, and implements `chatRows`.
 */
export abstract class ChatChildStream extends ChildStream {
  readonly cursorField = "chat_update_timestamp";
  readonly cursorKind = "datetime";

  constructor() {
    super(chats);
  }

  rows(chat: JsonObject): JsonObject[] {
    return this.chatRows(chat, { chat_id: chat.id, chat_update_timestamp: chat.update_timestamp });
  }

  /** The rows of one chat, each carrying `added`. */
  protected abstract chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[];
}

/**
 * A child stream of one row per element of a chat's array `field`, keyed by the chat's id and the
 * element's id, or its position where elements have none. A subclass declares name, schema, field
 * and keyedBy.
 */
export abstract class ChatArrayStream extends ChatChildStream {
  protected abstract readonly field: string;
  protected abstract readonly keyedBy: "id" | "index";

  get primaryKey(): string[] {
    return ["chat_id", this.keyedBy];
  }

  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    return this.keyedBy === "id"
      ? identifiedRows(chat, this.field, added)
      : indexedRows(chat, this.field, added);
  }
}

/** The elements of a chat's array field (none when absent or null, as on offline messages). */
export function elements(chat: JsonObject, field: string): unknown[] {
  const value = chat[field];
  return Array.isArray(value) ? value : [];
}

/** Object elements with their 0-based position, for arrays whose elements have no id. */
export function indexedRows(chat: JsonObject, field: string, added: ChatRowKeys): JsonObject[] {
  const rows: JsonObject[] = [];
  elements(chat, field).forEach((element, index) => {
    if (isObject(element))
      rows.push({
        ...element,
        chat_id: added.chat_id,
        index,
        chat_update_timestamp: added.chat_update_timestamp,
      });
  });
  return rows;
}

/** Object elements that carry an id (the key with chat_id). */
export function identifiedRows(chat: JsonObject, field: string, added: ChatRowKeys): JsonObject[] {
  return elements(chat, field)
    .filter((e): e is JsonObject => isObject(e) && (typeof e.id === "string" || typeof e.id === "number"))
    .map((element) => ({
      ...element,
      chat_id: added.chat_id,
      chat_update_timestamp: added.chat_update_timestamp,
    }));
}
