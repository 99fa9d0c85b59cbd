import { usersSchema } from "../schemas/users.js";
import { cursorExport, SupportStream } from "./define.js";

/** The users export filters on `updated_at`; deactivated users stay in it with `active: false`. */
export class Users extends SupportStream {
  readonly name = "users";
  readonly path = "incremental/users/cursor.json";
  readonly primaryKey = ["id"];
  readonly schema = usersSchema;
  readonly pagination = cursorExport;
  readonly cursorField = "updated_at";
  readonly cursorKind = "datetime";
  readonly readsAllHistory = true;
  protected readonly itemsKey = "users";
}
