import type { StreamDefinition } from "../../source/stream.js";
import { microsToIso, toEpochMicros } from "../../source/timestamps.js";
import { underKey } from "../extractors.js";
import { agentTimelineSchema } from "../schemas/index.js";

export const agentTimeline: StreamDefinition = {
  name: "agent_timeline",
  path: "incremental/agent_timeline",
  // An entry has no id of its own; an agent is in one state at a time, so agent + start is unique.
  primaryKey: ["id"],
  schema: agentTimelineSchema,
  pagination: { kind: "incremental_export", pageSize: 1000, timeUnit: "microseconds" },
  cursorField: "start_time",
  cursorKind: "datetime",
  query: { fields: "agent_timeline(*)" },
  extract: underKey("agent_timeline"),
  transform: (entry) => {
    // The API sends ISO strings with microseconds; some versions send epoch microseconds. Keep one form.
    const micros = typeof entry.start_time === "number" ? toEpochMicros(entry.start_time) : undefined;
    const startTime = micros === undefined ? entry.start_time : microsToIso(micros);
    return { ...entry, start_time: startTime, id: `${entry.agent_id}|${startTime}` };
  },
};
