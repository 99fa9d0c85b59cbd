import { brandsSamples, brandsSchema } from "../schemas/brands.js";
import { cursorList, SupportStream } from "./define.js";

/**
 * `GET brands`, full refresh as in Airbyte's connector (same name and key), but with
 * `include_deleted=true`: a soft-deleted brand still names the brand of its old tickets.
 */
export class Brands extends SupportStream {
  readonly name = "brands";
  readonly path = "brands";
  readonly primaryKey = ["id"];
  readonly pagination = cursorList();
  readonly query = { include_deleted: "true" };
  readonly readsAllHistory = true;
  readonly schema = brandsSchema;
  readonly samples = brandsSamples;
  protected readonly itemsKey = "brands";
}
