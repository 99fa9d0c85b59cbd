import type { JsonObject } from "../../protocol/messages.js";
import { array, bool, dateTime, int, intArray, intKey, obj, str, streamSchema, untyped } from "./common.js";

/** JSON schema (draft-07) of the `macros` stream. */
export const macrosSchema: JsonObject = streamSchema(
  "macros",
  "Macros: canned sets of ticket actions (GET /api/v2/macros).",
  {
    id: intKey("ID of the macro. Primary key."),
    url: str("API URL of the macro."),
    title: str("Title of the macro (categories separated by '::')."),
    raw_title: str("Title, dynamic content placeholders unrendered."),
    description: str("Description of the macro, or null."),
    active: bool("Whether the macro is active."),
    default: bool("Whether the macro is a default macro provided by Zendesk."),
    position: int("Position of the macro in the list."),
    restriction: obj('Who may use the macro: {type: "User" | "Group", id, ids}, or null for everyone.', {
      type: str('"User" or "Group".'),
      id: int("ID of the user or (first) group."),
      ids: intArray("IDs of the groups (Group restrictions)."),
    }),
    actions: array(
      "Actions the macro applies, in order.",
      obj("An action: a field and the value to set.", {
        field: str(
          'Field to set, e.g. "status", "priority", "comment_value", "set_tags", "custom_fields_<id>".',
        ),
        value: untyped(
          "Value to set: a string, or an array of strings (e.g. comment_value_html, notification " +
            "actions), so any value is accepted.",
        ),
      }),
    ),
    created_at: dateTime("When the macro was created."),
    updated_at: dateTime("When the macro was last updated. Incremental cursor."),
  },
);
