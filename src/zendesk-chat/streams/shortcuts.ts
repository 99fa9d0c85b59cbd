import type { JsonObject } from "../../protocol/messages.js";
import { shortcutsSchema } from "../schemas/shortcuts.js";
import { ListStream } from "./define.js";

/**
 * A shortcut's id is its name (a string such as "goodbye"). Airbyte's hand-typed fixtures give an
 * integer id; a primary key of two types would make destinations type the column as a variant, so a
 * number is sent on as its string.
 */
export class Shortcuts extends ListStream {
  readonly name = "shortcuts";
  readonly path = "shortcuts";
  readonly schema = shortcutsSchema;

  transform(shortcut: JsonObject): JsonObject {
    return typeof shortcut.id === "number" ? { ...shortcut, id: String(shortcut.id) } : shortcut;
  }
}
