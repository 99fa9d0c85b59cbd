import { rolesSchema } from "../schemas/index.js";
import { ListStream } from "./define.js";

export class Roles extends ListStream {
  readonly name = "roles";
  readonly path = "roles";
  readonly schema = rolesSchema;
}
