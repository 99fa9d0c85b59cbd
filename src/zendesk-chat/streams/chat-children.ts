import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import type { StreamDefinition } from "../../source/stream.js";
import type { JsonSchema } from "../schemas/index.js";
import { chats } from "./chats.js";

/**
 * A child stream of chats: fed by the same export pages (no request of its own), one row per nested
 * element, cursor `chat_update_timestamp` (the chat's update_timestamp). When a chat is exported again
 * (it was updated), all its rows are emitted again; rows that vanished from the chat are not deleted
 * downstream (a known limit; keep only the newest chat_update_timestamp per chat_id to drop them).
 */
export function chatChild(
  declaration: Pick<StreamDefinition, "name" | "primaryKey"> & {
    schema: JsonSchema;
    rows: (chat: JsonObject, added: { chat_id: unknown; chat_update_timestamp: unknown }) => JsonObject[];
  },
): StreamDefinition {
  return {
    name: declaration.name,
    parent: chats.name,
    path: chats.path,
    pagination: chats.pagination,
    ...(chats.query ? { query: chats.query } : {}),
    extract: chats.extract,
    primaryKey: declaration.primaryKey,
    schema: declaration.schema as StreamDefinition["schema"],
    cursorField: "chat_update_timestamp",
    cursorKind: "datetime",
    rows: (chat) =>
      declaration.rows(chat, { chat_id: chat.id, chat_update_timestamp: chat.update_timestamp }),
  };
}

/** The elements of a chat's array field (none when absent or null, as on offline messages). */
export function elements(chat: JsonObject, field: string): unknown[] {
  const value = chat[field];
  return Array.isArray(value) ? value : [];
}

/** Object elements with their 0-based position, for arrays whose elements have no id. */
export function indexedRows(
  chat: JsonObject,
  field: string,
  added: { chat_id: unknown; chat_update_timestamp: unknown },
): JsonObject[] {
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
export function identifiedRows(
  chat: JsonObject,
  field: string,
  added: { chat_id: unknown; chat_update_timestamp: unknown },
): JsonObject[] {
  return elements(chat, field)
    .filter((e): e is JsonObject => isObject(e) && (typeof e.id === "string" || typeof e.id === "number"))
    .map((element) => ({
      ...element,
      chat_id: added.chat_id,
      chat_update_timestamp: added.chat_update_timestamp,
    }));
}
