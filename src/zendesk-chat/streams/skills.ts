import { skillsSchema } from "../schemas/skills.js";
import { ListStream } from "./define.js";

export class Skills extends ListStream {
  readonly name = "skills";
  readonly path = "skills";
  readonly schema = skillsSchema;
}
