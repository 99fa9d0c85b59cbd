import { Stream } from "../../engine/stream.js";
import { underKey } from "../extractors.js";
import { conversionsSchema } from "../schemas/exports.js";
import { exportPagination } from "./define.js";

/** GET incremental/conversions: pages exactly like the chats export (start_time in seconds). */
export class Conversions extends Stream {
  readonly name = "conversions";
  readonly path = "incremental/conversions";
  readonly primaryKey = ["id"];
  readonly schema = conversionsSchema;
  readonly pagination = exportPagination("seconds");
  readonly cursorField = "timestamp";
  readonly cursorKind = "datetime";
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  readonly query = { fields: "conversions(*)" };
  extract(body: unknown) {
    return underKey("conversions")(body);
  }
}
