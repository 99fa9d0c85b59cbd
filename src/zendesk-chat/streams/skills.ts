import { skillsSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

export const skills = listStream("skills", skillsSchema);
