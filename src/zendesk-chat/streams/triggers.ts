import { triggersSchema } from "../schemas/triggers.js";
import { ListStream } from "./define.js";

export class Triggers extends ListStream {
  readonly name = "triggers";
  readonly path = "triggers";
  readonly schema = triggersSchema;
}
