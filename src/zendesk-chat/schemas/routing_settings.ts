import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `routing_settings` stream. */
export const routingSettingsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "routing_settings",
  description:
    'Account routing settings (GET /routing_settings/account, record under "data"). No primary key.',
  type: "object",
  additionalProperties: true,
  properties: {
    auto_accept: {
      type: ["object", "null"],
      description: "Auto-accept settings.",
      additionalProperties: true,
      properties: {
        enabled: {
          type: ["boolean", "null"],
          description: "Whether auto-accept is enabled.",
        },
      },
    },
    auto_idle: {
      type: ["object", "null"],
      description: "Auto-idle settings.",
      additionalProperties: true,
      properties: {
        enabled: {
          type: ["boolean", "null"],
          description: "Whether auto-idle is enabled.",
        },
        new_status: {
          type: ["string", "null"],
          description: 'Status agents are set to when idle, e.g. "away".',
        },
        reassignments_before_idle: {
          type: ["integer", "null"],
          description: "Number of reassignments before an agent goes idle.",
        },
      },
    },
    chat_limit: {
      type: ["object", "null"],
      description: "Chat limit settings.",
      additionalProperties: true,
      properties: {
        allow_agent_override: {
          type: ["boolean", "null"],
          description: "Whether agents may override the chat limit.",
        },
        enabled: {
          type: ["boolean", "null"],
          description: "Whether the chat limit is enabled.",
        },
        limit: {
          type: ["integer", "null"],
          description: "Maximum concurrent chats.",
        },
        limit_type: {
          type: ["string", "null"],
          description: 'Limit type, e.g. "account".',
        },
      },
    },
    reassignment: {
      type: ["object", "null"],
      description: "Reassignment settings.",
      additionalProperties: true,
      properties: {
        enabled: {
          type: ["boolean", "null"],
          description: "Whether reassignment is enabled.",
        },
        timeout: {
          type: ["integer", "null"],
          description: "Reassignment timeout in seconds.",
        },
      },
    },
    routing_mode: {
      type: ["string", "null"],
      description: 'Routing mode, e.g. "assigned" or "broadcast".',
    },
    skill_routing: {
      type: ["object", "null"],
      description: "Skill routing settings.",
      additionalProperties: true,
      properties: {
        enabled: {
          type: ["boolean", "null"],
          description: "Whether skill routing is enabled.",
        },
        max_wait_time: {
          type: ["integer", "null"],
          description: "Maximum wait time in seconds.",
        },
      },
    },
  },
} as const satisfies JsonSchema;
