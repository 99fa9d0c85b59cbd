import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `goals` stream. */
export const goalsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "goals",
  description: "Goals (GET /goals).",
  type: "object",
  additionalProperties: true,
  properties: {
    attribution_model: {
      type: ["string", "null"],
      description: 'Attribution model, e.g. "first_touch".',
    },
    attribution_period: {
      type: ["integer", "null"],
      description: "Attribution period in days.",
    },
    description: {
      type: ["string", "null"],
      description: "Description of the goal.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the goal is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the goal. Primary key.",
    },
    name: {
      type: ["string", "null"],
      description: "Name of the goal.",
    },
    settings: {
      type: ["object", "null"],
      description: "Goal settings.",
      additionalProperties: true,
      properties: {
        conditions: {
          type: ["array", "null"],
          description: "Conditions that complete the goal.",
          items: {
            type: ["object", "null"],
            description: "A goal condition.",
            additionalProperties: true,
            properties: {
              operator: {
                type: ["string", "null"],
                description: 'Condition operator, e.g. "equals".',
              },
              type: {
                type: ["string", "null"],
                description: 'Condition type, e.g. "url".',
              },
              value: {
                type: ["string", "null"],
                description: "Condition value.",
              },
            },
          },
        },
      },
    },
  },
} as const satisfies JsonSchema;
