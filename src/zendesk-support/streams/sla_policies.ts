import { slaPoliciesSamples, slaPoliciesSchema } from "../schemas/sla_policies.js";
import { nextPageList, UpdatedAtListStream } from "./define.js";

/**
 * `GET slas/policies`: documented without paging parameters (one answer; a `next_page` it links is
 * followed). Read whole and filtered on `updated_at`, as Airbyte's connector does (same name, key, cursor).
 */
export class SlaPolicies extends UpdatedAtListStream {
  readonly name = "sla_policies";
  readonly path = "slas/policies";
  override readonly pagination = nextPageList;
  readonly schema = slaPoliciesSchema;
  readonly samples = slaPoliciesSamples;
  protected readonly itemsKey = "sla_policies";
}
