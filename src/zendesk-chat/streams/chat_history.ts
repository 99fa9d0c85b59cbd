import { chatHistorySchema } from "../schemas/index.js";
import { chatChild, indexedRows } from "./chat-children.js";

/** One row per element of `chats[].history` (events have no id: keyed by their position). */
export const chatHistory = chatChild({
  name: "chat_history",
  primaryKey: ["chat_id", "index"],
  schema: chatHistorySchema,
  rows: (chat, added) => indexedRows(chat, "history", added),
});
