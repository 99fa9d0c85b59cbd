import { chatConversionsSchema } from "../schemas/index.js";
import { chatChild, identifiedRows } from "./chat-children.js";

/** One row per element of `chats[].conversions` (the chat's last 20 goal conversions). */
export const chatConversions = chatChild({
  name: "chat_conversions",
  primaryKey: ["chat_id", "id"],
  schema: chatConversionsSchema,
  rows: (chat, added) => identifiedRows(chat, "conversions", added),
});
