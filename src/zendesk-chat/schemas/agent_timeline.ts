import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `agent_timeline` stream. */
export const agentTimelineSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "agent_timeline",
  description: "Agent status timespans (GET /incremental/agent_timeline).",
  type: "object",
  additionalProperties: true,
  properties: {
    agent_id: {
      type: ["integer", "null"],
      description: "ID of the agent.",
    },
    duration: {
      type: ["number", "null"],
      description: "Duration of the timespan in seconds (fractional).",
    },
    engagement_count: {
      type: ["integer", "null"],
      description: "Number of engagements during the timespan.",
    },
    id: {
      type: ["string"],
      description: 'Synthetic primary key added by the connector: "{agent_id}|{start_time}".',
    },
    start_time: {
      type: ["string", "null"],
      format: "date-time",
      description: "Start of the timespan. Incremental cursor.",
    },
    status: {
      type: ["string", "null"],
      description: 'Agent status during the timespan, e.g. "online", "away", "invisible".',
    },
  },
} as const satisfies JsonSchema;
