import { Stream } from "../../engine/stream.js";
import { underKey } from "../extractors.js";
import { agentEventsSchema } from "../schemas/exports.js";
import { exportPagination } from "./define.js";

/** GET incremental/agent_events: pages exactly like the chats export (start_time in seconds). */
export class AgentEvents extends Stream {
  readonly name = "agent_events";
  readonly path = "incremental/agent_events";
  readonly primaryKey = ["id"];
  readonly schema = agentEventsSchema;
  readonly pagination = exportPagination("seconds");
  readonly cursorField = "timestamp";
  readonly cursorKind = "datetime";
  // The safe path: expansion is unverified for these exports (Airbyte's PR sent it; see the API notes).
  readonly query = { fields: "agent_events(*)" };
  // "Currently in limited availability" (Zendesk): a 403 or 404 ends it empty with a warning.
  readonly unavailableOn = [403, 404];
  extract(body: unknown) {
    return underKey("agent_events")(body);
  }
}
