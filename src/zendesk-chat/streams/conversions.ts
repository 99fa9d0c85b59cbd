import type { StreamDefinition } from "../../source/stream.js";
import { underKey } from "../extractors.js";
import { conversionsSchema } from "../schemas/index.js";

/** GET incremental/conversions: pages exactly like the chats export (start_time in seconds). */
export const conversions: StreamDefinition = {
  name: "conversions",
  path: "incremental/conversions",
  primaryKey: ["id"],
  schema: conversionsSchema,
  pagination: { kind: "incremental_export", pageSize: 1000, timeUnit: "seconds" },
  cursorField: "timestamp",
  cursorKind: "datetime",
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  query: { fields: "conversions(*)" },
  extract: underKey("conversions"),
};
