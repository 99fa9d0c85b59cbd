import { chatConversionsSchema } from "../schemas/chat_children.js";
import { ChatArrayStream } from "./chat-children.js";

/** One row per element of `chats[].conversions` (the chat's last 20 goal conversions). */
export class ChatConversions extends ChatArrayStream {
  readonly name = "chat_conversions";
  readonly schema = chatConversionsSchema;
  protected readonly field = "conversions";
  protected readonly keyedBy = "id";
}
