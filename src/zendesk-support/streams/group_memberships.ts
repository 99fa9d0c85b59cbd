import { groupMembershipsSchema } from "../schemas/group_memberships.js";
import { UpdatedAtListStream } from "./define.js";

export class GroupMemberships extends UpdatedAtListStream {
  readonly name = "group_memberships";
  readonly path = "group_memberships";
  readonly schema = groupMembershipsSchema;
  protected readonly itemsKey = "group_memberships";
}
