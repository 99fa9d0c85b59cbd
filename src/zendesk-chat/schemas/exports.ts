import type { JsonSchema } from "../../engine/json-schema.js";

// The three newer incremental exports. Shapes: Airbyte PR #19351 (conversions, department_events;
// closed unmerged) and Zendesk's Agent Events page (agent_events); see docs/zendesk-chat-api-notes.md.

const header = (title: string, description: string) =>
  ({
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    description,
    type: "object",
    additionalProperties: true,
  }) as const;

export const conversionsSchema = {
  ...header("conversions", "Goal conversions (GET /incremental/conversions?fields=conversions(*))."),
  properties: {
    id: { type: ["string"], description: "Conversion ID." },
    timestamp: { type: ["string", "null"], format: "date-time", description: "When the goal was converted." },
    goal_id: { type: ["integer", "null"], description: "ID of the goal." },
    goal_name: { type: ["string", "null"], description: "Name of the goal." },
    attribution: {
      type: ["object", "null"],
      description: "The chat and agent the conversion is attributed to.",
      additionalProperties: true,
      properties: {
        agent_id: { type: ["integer", "null"], description: "ID of the attributed agent." },
        agent_name: { type: ["string", "null"], description: "Name of the attributed agent." },
        department_id: { type: ["integer", "null"], description: "ID of the attributed department." },
        department_name: { type: ["string", "null"], description: "Name of the attributed department." },
        chat_id: { type: ["string", "null"], description: "ID of the attributed chat." },
        chat_timestamp: {
          type: ["string", "null"],
          format: "date-time",
          description: "When the attributed chat happened.",
        },
      },
    },
  },
} as const satisfies JsonSchema;

export const departmentEventsSchema = {
  ...header(
    "department_events",
    "Changes to departments (GET /incremental/department_events?fields=department_events(*)).",
  ),
  properties: {
    id: { type: ["string"], description: "Event ID." },
    department_id: { type: ["integer", "null"], description: "ID of the department that changed." },
    timestamp: { type: ["string", "null"], format: "date-time", description: "When the change happened." },
    field_name: { type: ["string", "null"], description: "The department attribute that changed." },
    value: {
      description: "The value after the change (an object per Airbyte's PR #19351 schema; unverified).",
    },
    previous_value: { description: "The value before the change (unverified shape, like value)." },
  },
} as const satisfies JsonSchema;

export const agentEventsSchema = {
  ...header("agent_events", "Agent status and engagement changes (GET /incremental/agent_events)."),
  properties: {
    id: { type: ["string"], description: "The event's unique identifier." },
    account_id: { type: ["integer", "null"], description: "The agent's account id." },
    agent_id: { type: ["integer", "null"], description: "The agent's unique identifier." },
    field_name: {
      type: ["string", "null"],
      description: 'The agent attribute that changed: "status" or "engagements".',
    },
    timestamp: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the event happened (Zendesk's example carries microseconds).",
    },
    value: {
      description: "The value after the change: a status string, or a number of concurrent chats.",
    },
    previous_value: { description: "The value before the change (same kinds as value)." },
  },
} as const satisfies JsonSchema;
