import { dateTime, int, num, str, streamSchema, strKey } from "./common.js";

/** JSON schema (draft-07) of the `agent_timeline` stream. */
export const agentTimelineSchema = streamSchema(
  "agent_timeline",
  "Agent status timespans (GET /incremental/agent_timeline).",
  {
    agent_id: int("ID of the agent."),
    duration: num("Duration of the timespan in seconds (fractional)."),
    engagement_count: int("Number of engagements during the timespan."),
    id: strKey('Synthetic primary key added by the connector: "{agent_id}|{start_time}".'),
    start_time: dateTime("Start of the timespan. Incremental cursor."),
    status: str('Agent status during the timespan, e.g. "online", "away", "invisible".'),
  },
);
