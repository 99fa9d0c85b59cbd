import type { JsonSchema } from "../../engine/json-schema.js";
import { chatHistoryProperty, conversionProperties } from "./chat-history-events.js";

/** Messages counted by sender (the chat's and each engagement's). */
const messageCountProperties = {
  agent: {
    type: ["integer", "null"],
    description: "Number of messages sent by agents.",
  },
  total: {
    type: ["integer", "null"],
    description: "Total number of messages.",
  },
  visitor: {
    type: ["integer", "null"],
    description: "Number of messages sent by the visitor.",
  },
} as const satisfies Record<string, JsonSchema>;

/** Agent response times in seconds (the chat's and each engagement's). */
const responseTimeProperties = {
  avg: {
    type: ["number", "null"],
    description: "Average response time in seconds (may be fractional).",
  },
  first: {
    type: ["integer", "null"],
    description: "First response time in seconds.",
  },
  max: {
    type: ["integer", "null"],
    description: "Maximum response time in seconds.",
  },
} as const satisfies Record<string, JsonSchema>;

/** JSON schema (draft-07) of the `chats` stream. */
export const chatsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "chats",
  description: "Chats and offline messages (GET /incremental/chats?fields=chats(*)).",
  type: "object",
  additionalProperties: true,
  properties: {
    agent_ids: {
      type: ["array", "null"],
      description: "IDs of agents involved in the chat (strings).",
      items: {
        type: ["string", "null"],
      },
    },
    agent_names: {
      type: ["array", "null"],
      description: "Names of agents involved in the chat.",
      items: {
        type: ["string", "null"],
      },
    },
    comment: {
      type: ["string", "null"],
      description: "Customer comment on the chat.",
    },
    conversions: {
      type: ["array", "null"],
      description: "Last 20 conversions attributed to the chat.",
      items: {
        type: ["object", "null"],
        description: "A goal conversion attributed to the chat.",
        additionalProperties: true,
        properties: conversionProperties,
      },
    },
    count: {
      type: ["object", "null"],
      description: "Number of messages by the visitor and agents.",
      additionalProperties: true,
      properties: messageCountProperties,
    },
    deleted: {
      type: ["boolean", "null"],
      description: "Whether the chat was deleted.",
    },
    department_id: {
      type: ["integer", "null"],
      description: "ID of the department the chat was directed to.",
    },
    department_name: {
      type: ["string", "null"],
      description: "Name of the department the chat was directed to.",
    },
    dropped: {
      type: ["boolean", "null"],
      description: "Whether the chat was dropped (reported by some exports; not in the Airbyte schema).",
    },
    duration: {
      type: ["integer", "null"],
      description: "Duration of the chat in seconds.",
    },
    engagements: {
      type: ["array", "null"],
      description: "Agent engagements in the chat.",
      items: {
        type: ["object", "null"],
        description: "An agent engagement within the chat.",
        additionalProperties: true,
        properties: {
          accepted: {
            type: ["boolean", "null"],
            description: "Whether the agent accepted the engagement.",
          },
          agent_full_name: {
            type: ["string", "null"],
            description: "Full name of the agent.",
          },
          agent_id: {
            type: ["string", "null"],
            description: "ID of the agent (string in the API).",
          },
          agent_name: {
            type: ["string", "null"],
            description: "Display name of the agent.",
          },
          assigned: {
            type: ["boolean", "null"],
            description: "Whether the engagement was assigned to the agent.",
          },
          comment: {
            type: ["string", "null"],
            description: "Visitor comment for the engagement.",
          },
          count: {
            type: ["object", "null"],
            description: "Message counts of the engagement.",
            additionalProperties: true,
            properties: messageCountProperties,
          },
          department_id: {
            type: ["integer", "null"],
            description: "ID of the department of the engagement.",
          },
          duration: {
            type: ["number", "null"],
            description: "Duration of the engagement in seconds (fractional).",
          },
          id: {
            type: ["string", "null"],
            description: "ID of the engagement.",
          },
          rating: {
            type: ["string", "null"],
            description: "Visitor rating for the engagement.",
          },
          response_time: {
            type: ["object", "null"],
            description: "Response time statistics of the engagement.",
            additionalProperties: true,
            properties: responseTimeProperties,
          },
          skills_fulfilled: {
            type: ["boolean", "null"],
            description: "Whether the requested skills were fulfilled.",
          },
          skills_requested: {
            type: ["array", "null"],
            description: "Skills requested for the engagement.",
            items: {
              description: "A requested skill (type not documented).",
            },
          },
          started_by: {
            type: ["string", "null"],
            description: "Who started the engagement.",
          },
          timestamp: {
            type: ["string", "null"],
            format: "date-time",
            description: "When the engagement started.",
          },
        },
      },
    },
    history: chatHistoryProperty,
    id: {
      type: ["string"],
      description: "ID of the chat. Primary key.",
    },
    message: {
      type: ["string", "null"],
      description: "Message of an offline message.",
    },
    missed: {
      type: ["boolean", "null"],
      description: "Whether the chat was missed.",
    },
    rating: {
      type: ["string", "null"],
      description: "Customer satisfaction rating.",
    },
    response_time: {
      type: ["object", "null"],
      description: "Response time statistics of the chat.",
      additionalProperties: true,
      properties: responseTimeProperties,
    },
    session: {
      type: ["object", "null"],
      description: "Information about the visitor session.",
      additionalProperties: true,
      properties: {
        browser: {
          type: ["string", "null"],
          description: "Visitor browser.",
        },
        city: {
          type: ["string", "null"],
          description: "Visitor city.",
        },
        country_code: {
          type: ["string", "null"],
          description: "Visitor country code.",
        },
        country_name: {
          type: ["string", "null"],
          description: "Visitor country name.",
        },
        end_date: {
          type: ["string", "null"],
          format: "date-time",
          description: "End of the session.",
        },
        id: {
          type: ["string", "null"],
          description: "ID of the session.",
        },
        ip: {
          type: ["string", "null"],
          description: "Visitor IP address.",
        },
        platform: {
          type: ["string", "null"],
          description: "Visitor platform.",
        },
        region: {
          type: ["string", "null"],
          description: "Visitor region.",
        },
        start_date: {
          type: ["string", "null"],
          format: "date-time",
          description: "Start of the session.",
        },
        user_agent: {
          type: ["string", "null"],
          description: "Visitor user agent.",
        },
      },
    },
    started_by: {
      type: ["string", "null"],
      description: 'Who started the chat: "visitor", "agent" or "trigger".',
    },
    tags: {
      type: ["array", "null"],
      description: "Tags of the chat.",
      items: {
        type: ["string", "null"],
      },
    },
    timestamp: {
      type: ["string", "null"],
      format: "date-time",
      description: "Timestamp of the chat.",
    },
    triggered: {
      type: ["boolean", "null"],
      description: "Whether the chat was triggered.",
    },
    triggered_response: {
      type: ["boolean", "null"],
      description: "Whether the response was triggered.",
    },
    type: {
      type: ["string", "null"],
      description: 'Chat type: "chat" or "offline_msg".',
    },
    unread: {
      type: ["boolean", "null"],
      description: "Whether the chat is unread.",
    },
    update_timestamp: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the chat was last updated. Incremental cursor.",
    },
    visitor: {
      type: ["object", "null"],
      description: "Information about the visitor.",
      additionalProperties: true,
      properties: {
        email: {
          type: ["string", "null"],
          description: "Visitor email.",
        },
        id: {
          type: ["string", "null"],
          description: "Visitor ID.",
        },
        name: {
          type: ["string", "null"],
          description: "Visitor name.",
        },
        notes: {
          type: ["string", "null"],
          description: "Notes about the visitor.",
        },
        phone: {
          type: ["string", "null"],
          description: "Visitor phone number.",
        },
      },
    },
    webpath: {
      type: ["array", "null"],
      description: "Pages visited by the visitor.",
      items: {
        type: ["object", "null"],
        description: "A page visited by the visitor.",
        additionalProperties: true,
        properties: {
          from: {
            type: ["string", "null"],
            description: "Page the visitor came from.",
          },
          timestamp: {
            type: ["string", "null"],
            format: "date-time",
            description: "When the page was visited.",
          },
          title: {
            type: ["string", "null"],
            description: "Page title.",
          },
          to: {
            type: ["string", "null"],
            description: "Page the visitor went to.",
          },
        },
      },
    },
    zendesk_ticket_id: {
      type: ["integer", "null"],
      description: "ID of the Zendesk Support ticket created from the chat.",
    },
  },
} as const satisfies JsonSchema;
