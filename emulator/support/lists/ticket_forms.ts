import { isoSeconds } from "../../clock.js";
import { Rng } from "../../random.js";
import type { JsonRecord, SupportList } from "./list.js";

const DAY = 86_400;
const NAMES = ["Default", "Chat follow-up", "Refund request", "Bug report", "Wholesale order"];

/** `GET ticket_forms`: cursor or offset paging, in order of `position`. */
export const ticketForms: SupportList = {
  name: "ticket_forms",
  key: "ticket_forms",
  maxSize: 100,
  offset: true,
  extraParams: ["active", "end_user_visible", "fallback_to_default", "associated_to_brand"],
  generate({ seed, baseUrl, fromSec, toSec }) {
    const rng = Rng.from(seed, 0x7f0a);
    return NAMES.map((name, i): JsonRecord => {
      const id = 360_000_300 + i;
      const created = rng.int(fromSec - 365 * DAY, fromSec);
      return {
        active: i !== NAMES.length - 1,
        agent_conditions: [],
        created_at: isoSeconds(created),
        default: i === 0,
        deleted_at: null,
        display_name: name,
        end_user_conditions: [],
        end_user_visible: i < 3,
        id,
        in_all_brands: i !== 4,
        name,
        position: i + 1,
        raw_display_name: name,
        raw_name: name,
        restricted_brand_ids: [],
        ticket_field_ids: [],
        updated_at: isoSeconds(rng.int(created, toSec)),
        url: `${baseUrl}/ticket_forms/${id}.json`,
      };
    });
  },
};
