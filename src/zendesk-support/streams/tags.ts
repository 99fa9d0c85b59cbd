import { tagsSchema } from "../schemas/tags.js";
import { cursorList, SupportStream } from "./define.js";

/**
 * The account's tags with their counts: the API's sample (the most used tags of the last 60 days,
 * up to 20,000), so full refresh only.
 */
export class Tags extends SupportStream {
  readonly name = "tags";
  readonly path = "tags";
  readonly primaryKey = ["name"];
  readonly schema = tagsSchema;
  readonly pagination = cursorList();
  protected readonly itemsKey = "tags";
}
