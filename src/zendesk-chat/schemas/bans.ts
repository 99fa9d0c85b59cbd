import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `bans` stream. */
export const bansSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "bans",
  description: "IP-address and visitor bans (GET /bans; ip_address and visitor lists concatenated).",
  type: "object",
  additionalProperties: true,
  properties: {
    create_date: {
      type: ["string", "null"],
      format: "date-time",
      description: "Legacy field name declared by the Airbyte schema; the API returns created_at.",
    },
    created_at: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the ban was created; null for older bans.",
    },
    id: {
      type: ["integer"],
      description: "ID of the ban. Primary key and incremental cursor.",
    },
    ip_address: {
      type: ["string", "null"],
      description: "Banned IP address (ip_address bans).",
    },
    reason: {
      type: ["string", "null"],
      description: "Reason for the ban.",
    },
    type: {
      type: ["string", "null"],
      description: 'Ban type: "ip_address" or "visitor".',
    },
    visitor_id: {
      type: ["string", "null"],
      description: "ID of the banned visitor (visitor bans).",
    },
    visitor_name: {
      type: ["string", "null"],
      description: "Name of the banned visitor (visitor bans).",
    },
  },
} as const satisfies JsonSchema;
