import { organizationsSchema } from "../schemas/organizations.js";
import { SupportStream, timeExport } from "./define.js";

/** Only a time-based export exists for organizations; a deleted one carries `deleted_at`. */
export class Organizations extends SupportStream {
  readonly name = "organizations";
  readonly path = "incremental/organizations.json";
  readonly primaryKey = ["id"];
  readonly schema = organizationsSchema;
  readonly pagination = timeExport;
  readonly cursorField = "updated_at";
  readonly cursorKind = "datetime";
  readonly readsAllHistory = true;
  protected readonly itemsKey = "organizations";
}
