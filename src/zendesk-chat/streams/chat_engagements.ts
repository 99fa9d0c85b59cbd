import { chatEngagementsSchema } from "../schemas/index.js";
import { chatChild, identifiedRows } from "./chat-children.js";

/** One row per element of `chats[].engagements`. */
export const chatEngagements = chatChild({
  name: "chat_engagements",
  primaryKey: ["chat_id", "id"],
  schema: chatEngagementsSchema,
  rows: (chat, added) => identifiedRows(chat, "engagements", added),
});
