import { array, enabledFlag, int, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `goals` stream. */
export const goalsSchema = streamSchema("goals", "Goals (GET /goals).", {
  attribution_model: str('Attribution model, e.g. "first_touch".'),
  attribution_period: int("Attribution period in days."),
  description: str("Description of the goal."),
  enabled: enabledFlag("goal"),
  id: intKey("ID of the goal. Primary key."),
  name: str("Name of the goal."),
  settings: obj("Goal settings.", {
    conditions: array(
      "Conditions that complete the goal.",
      obj("A goal condition.", {
        operator: str('Condition operator, e.g. "equals".'),
        type: str('Condition type, e.g. "url".'),
        value: str("Condition value."),
      }),
    ),
  }),
});
