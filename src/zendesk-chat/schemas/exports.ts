import { dateTime, int, obj, str, streamSchema, strKey, untyped } from "./common.js";

// The three newer incremental exports. Shapes: Airbyte PR #19351 (conversions, department_events;
// closed unmerged) and Zendesk's Agent Events page (agent_events); see docs/zendesk-chat-api-notes.md.

export const conversionsSchema = streamSchema(
  "conversions",
  "Goal conversions (GET /incremental/conversions?fields=conversions(*)).",
  {
    id: strKey("Conversion ID."),
    timestamp: dateTime("When the goal was converted."),
    goal_id: int("ID of the goal."),
    goal_name: str("Name of the goal."),
    attribution: obj("The chat and agent the conversion is attributed to.", {
      agent_id: int("ID of the attributed agent."),
      agent_name: str("Name of the attributed agent."),
      department_id: int("ID of the attributed department."),
      department_name: str("Name of the attributed department."),
      chat_id: str("ID of the attributed chat."),
      chat_timestamp: dateTime("When the attributed chat happened."),
    }),
  },
);

export const departmentEventsSchema = streamSchema(
  "department_events",
  "Changes to departments (GET /incremental/department_events?fields=department_events(*)).",
  {
    id: strKey("Event ID."),
    department_id: int("ID of the department that changed."),
    timestamp: dateTime("When the change happened."),
    field_name: str("The department attribute that changed."),
    value: untyped("The value after the change (an object per Airbyte's PR #19351 schema; unverified)."),
    previous_value: untyped("The value before the change (unverified shape, like value)."),
  },
);

export const agentEventsSchema = streamSchema(
  "agent_events",
  "Agent status and engagement changes (GET /incremental/agent_events).",
  {
    id: strKey("The event's unique identifier."),
    account_id: int("The agent's account id."),
    agent_id: int("The agent's unique identifier."),
    field_name: str('The agent attribute that changed: "status" or "engagements".'),
    timestamp: dateTime("When the event happened (Zendesk's example carries microseconds)."),
    value: untyped("The value after the change: a status string, or a number of concurrent chats."),
    previous_value: untyped("The value before the change (same kinds as value)."),
  },
);
