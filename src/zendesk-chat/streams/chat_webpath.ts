import { chatWebpathSchema } from "../schemas/index.js";
import { chatChild, indexedRows } from "./chat-children.js";

/** One row per page of `chats[].webpath`, keyed by its position. */
export const chatWebpath = chatChild({
  name: "chat_webpath",
  primaryKey: ["chat_id", "index"],
  schema: chatWebpathSchema,
  rows: (chat, added) => indexedRows(chat, "webpath", added),
});
