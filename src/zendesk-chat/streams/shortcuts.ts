import { shortcutsSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

/** A shortcut's id is its name (a string such as "goodbye"). */
export const shortcuts = listStream("shortcuts", shortcutsSchema);
