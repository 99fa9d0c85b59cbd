import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `departments` stream. */
export const departmentsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "departments",
  description: "Departments (GET /departments).",
  type: "object",
  additionalProperties: true,
  properties: {
    description: {
      type: ["string", "null"],
      description: "Description of the department.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the department is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the department. Primary key.",
    },
    members: {
      type: ["array", "null"],
      description: "IDs of the agents in the department.",
      items: {
        type: ["integer", "null"],
      },
    },
    name: {
      type: ["string", "null"],
      description: "Name of the department.",
    },
    settings: {
      type: ["object", "null"],
      description: "Department settings.",
      additionalProperties: true,
      properties: {
        chat_enabled: {
          type: ["boolean", "null"],
          description: "Whether chat is enabled for the department.",
        },
        solved_ticket_reassignment_strategy: {
          type: ["string", "null"],
          description: "Reassignment strategy for solved tickets.",
        },
        support_group_id: {
          type: ["integer", "null"],
          description: "ID of the linked Zendesk Support group.",
        },
      },
    },
  },
} as const satisfies JsonSchema;
