import { schedulesSamples, schedulesSchema } from "../schemas/schedules.js";
import { nextPageList, UpdatedAtListStream } from "./define.js";

/**
 * `GET business_hours/schedules`: the whole list in one answer. The business hours that business-hour
 * metrics are counted in; read whole and filtered on `updated_at` (Airbyte's name, key and cursor).
 */
export class Schedules extends UpdatedAtListStream {
  readonly name = "schedules";
  readonly path = "business_hours/schedules";
  override readonly pagination = nextPageList;
  readonly schema = schedulesSchema;
  readonly samples = schedulesSamples;
  protected readonly itemsKey = "schedules";
}
