import { rolesSchema } from "../schemas/roles.js";
import { ListStream } from "./define.js";

export class Roles extends ListStream {
  readonly name = "roles";
  readonly path = "roles";
  readonly schema = rolesSchema;
}
