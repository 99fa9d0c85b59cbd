import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `skills` stream. */
export const skillsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "skills",
  description: "Skills (GET /skills).",
  type: "object",
  additionalProperties: true,
  properties: {
    description: {
      type: ["string", "null"],
      description: "Description of the skill.",
    },
    enabled: {
      type: ["boolean", "integer", "null"],
      description:
        "Whether the skill is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
    },
    id: {
      type: ["integer"],
      description: "ID of the skill. Primary key.",
    },
    members: {
      type: ["array", "null"],
      description: "IDs of the agents with the skill.",
      items: {
        type: ["integer", "null"],
      },
    },
    name: {
      type: ["string", "null"],
      description: "Name of the skill.",
    },
  },
} as const satisfies JsonSchema;
