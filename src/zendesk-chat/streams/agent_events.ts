import type { StreamDefinition } from "../../source/stream.js";
import { underKey } from "../extractors.js";
import { agentEventsSchema } from "../schemas/index.js";

/** GET incremental/agent_events: pages exactly like the chats export (start_time in seconds). */
export const agentEvents: StreamDefinition = {
  name: "agent_events",
  path: "incremental/agent_events",
  primaryKey: ["id"],
  schema: agentEventsSchema,
  pagination: { kind: "incremental_export", pageSize: 1000, timeUnit: "seconds" },
  cursorField: "timestamp",
  cursorKind: "datetime",
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  query: { fields: "agent_events(*)" },
  extract: underKey("agent_events"),
  // "Currently in limited availability" (Zendesk): a 403 or 404 ends it empty with a warning.
  unavailableOn: [403, 404],
};
