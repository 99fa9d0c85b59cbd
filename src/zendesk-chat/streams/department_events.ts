import { Stream } from "../../engine/stream.js";
import { underKey } from "../extractors.js";
import { departmentEventsSchema } from "../schemas/exports.js";
import { exportPagination } from "./define.js";

/** GET incremental/department_events: pages exactly like the chats export (start_time in seconds). */
export class DepartmentEvents extends Stream {
  readonly name = "department_events";
  readonly path = "incremental/department_events";
  readonly primaryKey = ["id"];
  readonly schema = departmentEventsSchema;
  readonly pagination = exportPagination("seconds");
  readonly cursorField = "timestamp";
  readonly cursorKind = "datetime";
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  readonly query = { fields: "department_events(*)" };
  extract(body: unknown) {
    return underKey("department_events")(body);
  }
}
