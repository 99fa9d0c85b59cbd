import { goalsSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

export const goals = listStream("goals", goalsSchema);
