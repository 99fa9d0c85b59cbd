import { departmentEventsSchema } from "../schemas/exports.js";
import { ExportStream } from "./define.js";

/** GET incremental/department_events: pages exactly like the chats export (start_time in seconds). */
export class DepartmentEvents extends ExportStream {
  readonly name = "department_events";
  readonly schema = departmentEventsSchema;
  readonly cursorField = "timestamp";
}
