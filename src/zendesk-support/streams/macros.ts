import { macrosSchema } from "../schemas/index.js";
import { UpdatedAtListStream } from "./define.js";

export class Macros extends UpdatedAtListStream {
  readonly name = "macros";
  readonly path = "macros";
  readonly schema = macrosSchema;
  protected readonly itemsKey = "macros";
}
