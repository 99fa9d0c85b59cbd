import { shortcutsSchema } from "../schemas/index.js";
import { ListStream } from "./define.js";

/** A shortcut's id is its name (a string such as "goodbye"). */
export class Shortcuts extends ListStream {
  readonly name = "shortcuts";
  readonly path = "shortcuts";
  readonly schema = shortcutsSchema;
}
