import { triggersSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

export const triggers = listStream("triggers", triggersSchema);
