import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `triggers` stream. */
export const triggersSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "triggers",
  description: "Triggers (GET /triggers).",
  type: "object",
  additionalProperties: true,
  properties: {
    definition: {
      type: ["object", "null"],
      description: "Definition of the trigger.",
      additionalProperties: true,
      properties: {
        actions: {
          description: "Trigger actions; a string or a (nested) array, so any value is accepted.",
        },
        condition: {
          description: "Trigger condition; a string or a (nested) array, so any value is accepted.",
        },
        editor: {
          type: ["string", "null"],
          description: 'Editor used to define the trigger, e.g. "advanced".',
        },
        event: {
          description:
            'Event that fires the trigger, e.g. "chat_requested"; a string or an array, so any value is accepted.',
        },
        version: {
          type: ["integer", "null"],
          description: "Version of the trigger definition.",
        },
      },
    },
    description: {
      type: ["string", "null"],
      description: "Description of the trigger.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the trigger is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the trigger. Primary key.",
    },
    name: {
      type: ["string", "null"],
      description: "Name of the trigger.",
    },
  },
} as const satisfies JsonSchema;
