import { macrosSchema } from "../schemas/macros.js";
import { UpdatedAtListStream } from "./define.js";

export class Macros extends UpdatedAtListStream {
  readonly name = "macros";
  readonly path = "macros";
  readonly schema = macrosSchema;
  protected readonly itemsKey = "macros";
}
