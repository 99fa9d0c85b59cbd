import { groupsSchema } from "../schemas/groups.js";
import { UpdatedAtListStream } from "./define.js";

/** `GET groups` hides deleted groups unless asked: they come with `deleted: true`. */
export class Groups extends UpdatedAtListStream {
  readonly name = "groups";
  readonly path = "groups";
  readonly schema = groupsSchema;
  readonly query = { exclude_deleted: "false" };
  protected readonly itemsKey = "groups";
}
