import type { JsonSchema } from "../../engine/json-schema.js";

/** A goal conversion: listed in `conversions` and attached to `history` events. */
export const conversionProperties = {
  attribution: {
    type: ["object", "null"],
    description: "Attribution of the conversion.",
    additionalProperties: true,
    properties: {
      agent_id: {
        type: ["integer", "null"],
        description: "ID of the agent the conversion is attributed to.",
      },
      agent_name: {
        type: ["string", "null"],
        description: "Name of the agent the conversion is attributed to.",
      },
      chat_timestamp: {
        type: ["string", "null"],
        format: "date-time",
        description: "Timestamp of the attributed chat.",
      },
      department_id: {
        type: ["integer", "null"],
        description: "ID of the department the conversion is attributed to.",
      },
      department_name: {
        type: ["string", "null"],
        description: "Name of the department the conversion is attributed to.",
      },
    },
  },
  goal_id: {
    type: ["integer", "null"],
    description: "ID of the goal that was reached.",
  },
  goal_name: {
    type: ["string", "null"],
    description: "Name of the goal that was reached.",
  },
  id: {
    type: ["string", "null"],
    description: "ID of the conversion.",
  },
  timestamp: {
    type: ["string", "null"],
    format: "date-time",
    description: "When the conversion happened.",
  },
} as const satisfies Record<string, JsonSchema>;

/** The `history` of a chat: its events in order (messages, joins, leaves, transfers, ratings…). */
export const chatHistoryProperty = {
  type: ["array", "null"],
  description: "Chronological list of chat events.",
  items: {
    type: ["object", "null"],
    description: "A chat history event.",
    additionalProperties: true,
    properties: {
      channel: {
        type: ["string", "null"],
        description: "Channel of the event.",
      },
      conversion: {
        type: ["object", "null"],
        description: "Conversion attached to this history event.",
        additionalProperties: true,
        properties: conversionProperties,
      },
      department_id: {
        description:
          "Department ID of the event; the API returns an integer or a string, so any value is accepted.",
      },
      department_name: {
        type: ["string", "null"],
        description: "Department name of the event.",
      },
      msg: {
        type: ["string", "null"],
        description: "Message text.",
      },
      msg_id: {
        description: "ID of the message; the API returns a string or an integer, so any value is accepted.",
      },
      name: {
        type: ["string", "null"],
        description: "Name of the sender.",
      },
      new_comment: {
        type: ["string", "null"],
        description: "New comment (comment events).",
      },
      new_rating: {
        type: ["string", "null"],
        description: "New rating (rating change events).",
      },
      new_tags: {
        type: ["array", "null"],
        description: "Tags added by the event.",
        items: {
          type: ["string", "null"],
        },
      },
      nick: {
        type: ["string", "null"],
        description: 'Nick of the sender, e.g. "visitor" or "agent:<id>".',
      },
      options: {
        type: ["string", "null"],
        description: "Options offered with the message.",
      },
      prev_department_id: {
        description: "Previous department ID (transfer events); integer or string, so any value is accepted.",
      },
      rating: {
        type: ["string", "null"],
        description: "Rating given (rating events).",
      },
      sender_type: {
        type: ["string", "null"],
        description: "Kind of sender of the event.",
      },
      skills_name: {
        type: ["array", "null"],
        description: "Names of skills (skill events).",
        items: {
          type: ["string", "null"],
        },
      },
      tags: {
        type: ["array", "null"],
        description: "Tags (tag events).",
        items: {
          type: ["string", "null"],
        },
      },
      timestamp: {
        type: ["string", "null"],
        format: "date-time",
        description: "When the event happened.",
      },
      type: {
        type: ["string", "null"],
        description: 'Event type, e.g. "chat.msg", "chat.memberjoin".',
      },
    },
  },
} as const satisfies JsonSchema;
