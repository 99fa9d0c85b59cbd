import { isoSeconds } from "../../clock.js";
import { Rng } from "../../random.js";
import type { JsonRecord, SupportList } from "./list.js";

const DAY = 86_400;
const DAY_MINUTES = 24 * 60;

/** Monday to Friday, `from` to `to` o'clock, in minutes since Sunday 00:00. */
function weekdays(from: number, to: number) {
  return [1, 2, 3, 4, 5].map((day) => ({
    start_time: day * DAY_MINUTES + from * 60,
    end_time: day * DAY_MINUTES + to * 60,
  }));
}

/**
 * `GET business_hours/schedules`: the whole list in one answer (no paging documented). Time zones
 * are Rails zone names, not IANA.
 */
export const schedules: SupportList = {
  name: "schedules",
  path: "business_hours/schedules",
  key: "schedules",
  maxSize: 100,
  offset: true,
  adminOnly: true,
  unpaginated: true,
  extraParams: [],
  generate({ seed, fromSec, toSec }) {
    const rng = Rng.from(seed, 0x5c4e);
    const zones: Array<[string, string, number, number]> = [
      ["New York office", "Eastern Time (US & Canada)", 9, 17],
      ["Berlin office", "Berlin", 8, 18],
    ];
    return zones.map(([name, zone, from, to], i): JsonRecord => {
      const created = rng.int(fromSec - 2 * 365 * DAY, fromSec);
      return {
        created_at: isoSeconds(created),
        id: 360_000_200 + i,
        intervals: weekdays(from, to),
        name,
        time_zone: zone,
        updated_at: isoSeconds(rng.int(created, toSec)),
      };
    });
  },
};
