import { enabledFlag, intArray, intKey, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `skills` stream. */
export const skillsSchema = streamSchema("skills", "Skills (GET /skills).", {
  description: str("Description of the skill."),
  enabled: enabledFlag("skill"),
  id: intKey("ID of the skill. Primary key."),
  members: intArray("IDs of the agents with the skill."),
  name: str("Name of the skill."),
});
