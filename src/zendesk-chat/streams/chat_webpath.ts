import { chatWebpathSchema } from "../schemas/chat_children.js";
import { ChatArrayStream } from "./chat-children.js";

/** One row per page of `chats[].webpath`, keyed by its position. */
export class ChatWebpath extends ChatArrayStream {
  readonly name = "chat_webpath";
  readonly schema = chatWebpathSchema;
  protected readonly field = "webpath";
  protected readonly keyedBy = "index";
}
