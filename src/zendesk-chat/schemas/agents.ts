import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `agents` stream. */
export const agentsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "agents",
  description: "Chat agents (GET /agents, paginated by since_id).",
  type: "object",
  additionalProperties: true,
  properties: {
    create_date: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the agent was created.",
    },
    departments: {
      type: ["array", "null"],
      description: "IDs of the departments the agent belongs to.",
      items: {
        type: ["integer", "null"],
      },
    },
    display_name: {
      type: ["string", "null"],
      description: "Name displayed for the agent.",
    },
    email: {
      type: ["string", "null"],
      description: "Email address of the agent.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the agent is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    enabled_departments: {
      type: ["array", "null"],
      description: "IDs of the departments enabled for the agent.",
      items: {
        type: ["integer", "null"],
      },
    },
    first_name: {
      type: ["string", "null"],
      description: "First name of the agent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the agent. Primary key and incremental cursor.",
    },
    last_login: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the agent last logged in.",
    },
    last_name: {
      type: ["string", "null"],
      description: "Last name of the agent.",
    },
    login_count: {
      type: ["integer", "null"],
      description: "Number of times the agent has logged in.",
    },
    role_id: {
      type: ["integer", "null"],
      description: "ID of the agent's role.",
    },
    roles: {
      type: ["object", "null"],
      description: "Special role privileges (deprecated by Zendesk).",
      additionalProperties: true,
      properties: {
        administrator: {
          type: ["boolean", "null"],
          description: "Whether the agent has administrator privileges.",
        },
        owner: {
          type: ["boolean", "null"],
          description: "Whether the agent is the account owner.",
        },
      },
    },
    scope: {
      type: ["string", "null"],
      description: "Scope of the agent.",
    },
    skills: {
      type: ["array", "null"],
      description: "IDs of the agent's skills.",
      items: {
        type: ["integer", "null"],
      },
    },
  },
} as const satisfies JsonSchema;
