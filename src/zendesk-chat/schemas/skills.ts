import { boolOrInt, intArray, intKey, str, streamSchema } from "../../engine/schema-dialect.js";

/** JSON schema (draft-07) of the `skills` stream. */
export const skillsSchema = streamSchema("skills", "Skills (GET /skills).", {
  description: str("Description of the skill."),
  enabled: boolOrInt(
    "Whether the skill is enabled. Zendesk documents 1/0, the live API sends true/false: both are accepted, as sent.",
  ),
  id: intKey("ID of the skill. Primary key."),
  members: intArray("IDs of the agents with the skill."),
  name: str("Name of the skill."),
});
