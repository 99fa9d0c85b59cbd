import { agentEventsSchema } from "../schemas/exports.js";
import { ExportStream } from "./define.js";

/** GET incremental/agent_events: pages exactly like the chats export (start_time in seconds). */
export class AgentEvents extends ExportStream {
  readonly name = "agent_events";
  readonly schema = agentEventsSchema;
  readonly cursorField = "timestamp";
  // "Currently in limited availability" (Zendesk): a 403 or 404 ends it empty with a warning.
  readonly unavailableOn = [403, 404];
}
