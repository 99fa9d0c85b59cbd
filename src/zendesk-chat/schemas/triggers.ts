import { enabledFlag, int, intKey, obj, str, streamSchema, untyped } from "./common.js";

/** JSON schema (draft-07) of the `triggers` stream. */
export const triggersSchema = streamSchema("triggers", "Triggers (GET /triggers).", {
  definition: obj("Definition of the trigger.", {
    actions: untyped("Trigger actions; a string or a (nested) array, so any value is accepted."),
    condition: untyped("Trigger condition; a string or a (nested) array, so any value is accepted."),
    editor: str('Editor used to define the trigger, e.g. "advanced".'),
    event: untyped(
      'Event that fires the trigger, e.g. "chat_requested"; a string or an array, so any value is accepted.',
    ),
    version: int("Version of the trigger definition."),
  }),
  description: str("Description of the trigger."),
  enabled: enabledFlag("trigger"),
  id: intKey("ID of the trigger. Primary key."),
  name: str("Name of the trigger."),
});
