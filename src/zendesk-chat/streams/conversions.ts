import { conversionsSchema } from "../schemas/exports.js";
import { ExportStream } from "./define.js";

/** GET incremental/conversions: pages exactly like the chats export (start_time in seconds). */
export class Conversions extends ExportStream {
  readonly name = "conversions";
  readonly schema = conversionsSchema;
  readonly cursorField = "timestamp";
}
