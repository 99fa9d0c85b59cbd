import { Stream } from "../../engine/stream.js";
import { underKey } from "../extractors.js";
import { chatsSchema } from "../schemas/chats.js";
import { exportPagination } from "./define.js";

export class Chats extends Stream {
  readonly name = "chats";
  readonly path = "incremental/chats";
  readonly primaryKey = ["id"];
  readonly schema = chatsSchema;
  readonly pagination = exportPagination("seconds");
  readonly cursorField = "update_timestamp";
  readonly cursorKind = "datetime";
  // Without the expansion the export returns little more than ids.
  readonly query = { fields: "chats(*)" };
  extract(body: unknown) {
    return underKey("chats")(body);
  }
}
