import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `shortcuts` stream. */
export const shortcutsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "shortcuts",
  description: "Shortcuts (GET /shortcuts).",
  type: "object",
  additionalProperties: true,
  properties: {
    agents: {
      type: ["array", "null"],
      description: 'Agents the shortcut belongs to when scope is "agent".',
      items: {
        type: ["integer", "null"],
      },
    },
    departments: {
      type: ["array", "null"],
      description: 'Departments the shortcut belongs to when scope is "department".',
      items: {
        type: ["integer", "null"],
      },
    },
    id: {
      type: ["string"],
      description:
        "ID of the shortcut. Primary key. The live API sends the shortcut's name (a string); an integer id (Airbyte's fixtures) is sent on as its string.",
    },
    message: {
      type: ["string", "null"],
      description: "Message of the shortcut.",
    },
    name: {
      type: ["string", "null"],
      description: "Name of the shortcut.",
    },
    options: {
      type: ["string", "null"],
      description: 'Options of the shortcut, e.g. "Yes/No".',
    },
    scope: {
      type: ["string", "null"],
      description: 'Scope: "all", "agent" or "department".',
    },
    tags: {
      type: ["array", "null"],
      description: "Tags added to the chat when the shortcut is used.",
      items: {
        type: ["string", "null"],
      },
    },
  },
} as const satisfies JsonSchema;
