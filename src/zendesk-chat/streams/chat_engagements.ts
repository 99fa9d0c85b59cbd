import { chatEngagementsSchema } from "../schemas/chat_children.js";
import { ChatArrayStream } from "./chat-children.js";

/** One row per element of `chats[].engagements`. */
export class ChatEngagements extends ChatArrayStream {
  readonly name = "chat_engagements";
  readonly schema = chatEngagementsSchema;
  protected readonly field = "engagements";
  protected readonly keyedBy = "id";
}
