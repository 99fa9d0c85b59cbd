import { intArray, str, strArray, streamSchema, strKey } from "./common.js";

/** JSON schema (draft-07) of the `shortcuts` stream. */
export const shortcutsSchema = streamSchema("shortcuts", "Shortcuts (GET /shortcuts).", {
  agents: intArray('Agents the shortcut belongs to when scope is "agent".'),
  departments: intArray('Departments the shortcut belongs to when scope is "department".'),
  id: strKey(
    "ID of the shortcut. Primary key. The live API sends the shortcut's name (a string); an integer id (Airbyte's fixtures) is sent on as its string.",
  ),
  message: str("Message of the shortcut."),
  name: str("Name of the shortcut."),
  options: str('Options of the shortcut, e.g. "Yes/No".'),
  scope: str('Scope: "all", "agent" or "department".'),
  tags: strArray("Tags added to the chat when the shortcut is used."),
});
