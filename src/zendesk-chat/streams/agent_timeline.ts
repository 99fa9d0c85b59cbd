import { microsToIso, toEpochMicros } from "../../engine/timestamps.js";
import type { JsonObject } from "../../protocol/messages.js";
import { agentTimelineSchema } from "../schemas/agent_timeline.js";
import { ExportStream, exportPagination } from "./define.js";

export class AgentTimeline extends ExportStream {
  readonly name = "agent_timeline";
  // An entry has no id of its own; an agent is in one state at a time, so agent + start is unique
  // (the `id` transform() gives it).
  readonly schema = agentTimelineSchema;
  override readonly pagination = exportPagination("microseconds");
  readonly cursorField = "start_time";
  transform(entry: JsonObject): JsonObject {
    // The API sends ISO strings with microseconds; some versions send epoch microseconds. Keep one form.
    const micros = typeof entry.start_time === "number" ? toEpochMicros(entry.start_time) : undefined;
    const startTime = micros === undefined ? entry.start_time : microsToIso(micros);
    return { ...entry, start_time: startTime, id: `${entry.agent_id}|${startTime}` };
  }
}
