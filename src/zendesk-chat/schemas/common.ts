import { boolOrInt } from "../../engine/schema-dialect.js";

export * from "../../engine/schema-dialect.js";

// Building blocks of the Zendesk Chat stream schemas that only Chat needs; the generic ones are the
// engine kit's schema dialect (src/engine/schema-dialect.ts), shared with the Support schemas.

/** The `enabled` flag of a Chat resource (agent, department, goal, role, skill, trigger). */
export const enabledFlag = (resource: string) =>
  boolOrInt(
    `Whether the ${resource} is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.`,
  );
