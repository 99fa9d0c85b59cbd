import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `roles` stream. */
export const rolesSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "roles",
  description: "Roles (GET /roles).",
  type: "object",
  additionalProperties: true,
  properties: {
    description: {
      type: ["string", "null"],
      description: "Description of the role.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the role is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the role. Primary key.",
    },
    members_count: {
      type: ["integer", "null"],
      description: "Number of agents with the role.",
    },
    name: {
      type: ["string", "null"],
      description: "Name of the role.",
    },
    permissions: {
      type: ["object", "null"],
      description: "Permissions of the role.",
      additionalProperties: true,
      properties: {
        access_analytics: {
          type: ["string", "null"],
          description: "Analytics access level.",
        },
        edit_chat_tags: {
          type: ["boolean", "null"],
          description: "Whether the role can edit chat tags.",
        },
        edit_department_agents: {
          type: ["string", "null"],
          description: "Level of department-agent editing.",
        },
        edit_visitor_information: {
          type: ["boolean", "null"],
          description: "Whether the role can edit visitor information.",
        },
        edit_visitor_notes: {
          type: ["boolean", "null"],
          description: "Whether the role can edit visitor notes.",
        },
        manage_bans: {
          type: ["string", "null"],
          description: "Ban management level.",
        },
        manage_shortcuts: {
          type: ["string", "null"],
          description: "Shortcut management level.",
        },
        proactive_chatting: {
          type: ["string", "null"],
          description: 'Proactive chatting level, e.g. "listen-join".',
        },
        set_agent_chat_limit: {
          type: ["string", "null"],
          description: "Level of agent chat-limit setting.",
        },
        view_monitor: {
          type: ["string", "null"],
          description: "Monitor viewing level.",
        },
        view_past_chats: {
          type: ["string", "null"],
          description: "Past-chat viewing level.",
        },
        visitors_seen: {
          type: ["string", "null"],
          description: "Which visitors are seen.",
        },
      },
    },
  },
} as const satisfies JsonSchema;
