import { chatHistorySchema } from "../schemas/chat_children.js";
import { ChatArrayStream } from "./chat-children.js";

/** One row per element of `chats[].history` (events have no id: keyed by their position). */
export class ChatHistory extends ChatArrayStream {
  readonly name = "chat_history";
  readonly schema = chatHistorySchema;
  protected readonly field = "history";
  protected readonly keyedBy = "index";
}
