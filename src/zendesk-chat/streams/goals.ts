import { goalsSchema } from "../schemas/goals.js";
import { ListStream } from "./define.js";

export class Goals extends ListStream {
  readonly name = "goals";
  readonly path = "goals";
  readonly schema = goalsSchema;
}
