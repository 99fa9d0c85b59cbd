import type { StreamDefinition } from "../../source/stream.js";
import { underKey } from "../extractors.js";
import { departmentEventsSchema } from "../schemas/index.js";

/** GET incremental/department_events: pages exactly like the chats export (start_time in seconds). */
export const departmentEvents: StreamDefinition = {
  name: "department_events",
  path: "incremental/department_events",
  primaryKey: ["id"],
  schema: departmentEventsSchema,
  pagination: { kind: "incremental_export", pageSize: 1000, timeUnit: "seconds" },
  cursorField: "timestamp",
  cursorKind: "datetime",
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  query: { fields: "department_events(*)" },
  extract: underKey("department_events"),
};
