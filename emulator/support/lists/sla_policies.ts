import { isoSeconds } from "../../clock.js";
import { Rng } from "../../random.js";
import type { JsonRecord, SupportList } from "./list.js";

const DAY = 86_400;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/**
 * `GET slas/policies`: documented with an offset envelope (`next_page`, `count`) and no paging
 * parameters; in order of `position`. Deleted policies disappear (no marker).
 */
export const slaPolicies: SupportList = {
  name: "sla_policies",
  path: "slas/policies",
  key: "sla_policies",
  maxSize: 100,
  offset: true,
  adminOnly: true,
  extraParams: [],
  generate({ seed, baseUrl, fromSec, toSec }) {
    const rng = Rng.from(seed, 0x51a0);
    return ["Urgent incidents", "Enterprise customers", "Standard"].map((title, i): JsonRecord => {
      const id = 360_000_100 + i;
      const created = rng.int(fromSec - 365 * DAY, fromSec);
      return {
        created_at: isoSeconds(created),
        description: i === 2 ? "" : `Targets for ${title.toLowerCase()}.`,
        filter: {
          all: i === 0 ? [{ field: "priority", operator: "is", value: "urgent" }] : [],
          any: i === 1 ? [{ field: "organization_id", operator: "is", value: 20_000_000_000 + i }] : [],
        },
        id,
        policy_metrics: PRIORITIES.slice(i === 0 ? 3 : 0).flatMap((priority, p) => [
          { business_hours: i !== 0, metric: "first_reply_time", priority, target: (4 - p) * 30 },
          { business_hours: i !== 0, metric: "requester_wait_time", priority, target: (4 - p) * 240 },
        ]),
        position: i + 1,
        title,
        updated_at: isoSeconds(rng.int(created, toSec)),
        url: `${baseUrl}/slas/policies/${id}.json`,
      };
    });
  },
};
