import { chatsSchema } from "../schemas/chats.js";
import { ExportStream } from "./define.js";

export class Chats extends ExportStream {
  readonly name = "chats";
  readonly schema = chatsSchema;
  readonly cursorField = "update_timestamp";
}
