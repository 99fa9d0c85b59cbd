import { satisfactionRatingsSamples, satisfactionRatingsSchema } from "../schemas/satisfaction_ratings.js";
import { UpdatedAtListStream } from "./define.js";

/**
 * `GET satisfaction_ratings`, cursor-paged, read whole and filtered on `updated_at` (Airbyte's name,
 * key and cursor). Its `start_time` filter is not used: which timestamp it compares is not
 * documented, and if it is `created_at` a rating changed later (good → bad) would never be read
 * again. Like the tickets, limited by the start date.
 */
export class SatisfactionRatings extends UpdatedAtListStream {
  override readonly readsAllHistory = false;
  readonly name = "satisfaction_ratings";
  readonly path = "satisfaction_ratings";
  readonly schema = satisfactionRatingsSchema;
  readonly samples = satisfactionRatingsSamples;
  protected readonly itemsKey = "satisfaction_ratings";
}
