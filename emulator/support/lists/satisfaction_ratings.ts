import { isoSeconds } from "../../clock.js";
import { Rng } from "../../random.js";
import {
  badParameter,
  type JsonRecord,
  type ListAccount,
  type ListTicket,
  type SupportList,
} from "./list.js";

const SCORES = ["offered", "good", "bad"] as const;
const COMMENTS = { good: ["Thanks, quick and friendly!", null], bad: ["Took far too long.", null] };
const REASONS: Array<[number, string]> = [
  [0, "No reason provided"],
  [5, "The issue took too long to resolve"],
  [7, "The issue was not resolved"],
];

/** What a rating is made of, per ticket: drawn once from the seed and the ticket's id. */
function rating(seed: number, baseUrl: string, t: ListTicket): JsonRecord | null {
  if (t.status !== "solved" && t.status !== "closed") return null;
  const rng = Rng.from(seed, t.id, 0x5a7);
  if (!rng.chance(0.6)) return null;
  // The survey goes out with the ticket's second audit (its solve); each later change of the ticket
  // is the customer rating again (offered → good → bad → offered …), which bumps updated_at.
  const sentAt = t.audits.length > 1 ? (t.audits[1] as number) : t.created;
  const later = t.audits.filter((sec) => sec > sentAt).length;
  const unoffered = rng.chance(0.05);
  const first = rng.int(0, 2);
  const score = unoffered ? "unoffered" : (SCORES[(first + later) % SCORES.length] as string);
  const id = 7_000_000_000 + t.id;
  const [reasonId, reason] = score === "bad" ? rng.pick(REASONS) : [0, "No reason provided"];
  return {
    assignee_id: t.assignee,
    comment: score === "good" || score === "bad" ? rng.pick(COMMENTS[score]) : null,
    created_at: isoSeconds(sentAt),
    group_id: t.group,
    id,
    reason: score === "bad" ? reason : null,
    reason_code: score === "bad" ? reasonId : null,
    reason_id: score === "bad" ? 360_000_500 + reasonId : null,
    requester_id: t.requester,
    score,
    ticket_id: t.id,
    updated_at: isoSeconds(later > 0 ? t.updated : sentAt),
    url: `${baseUrl}/satisfaction_ratings/${id}.json`,
  };
}

const cache = new WeakMap<readonly ListTicket[], { baseUrl: string; records: JsonRecord[] }>();

/**
 * `GET satisfaction_ratings` (CSAT): cursor paging (offset too), oldest first. One rating for about
 * 60 % of the solved and closed tickets, none for the others (deleted tickets' ratings vanish: no
 * marker documented). A rating changes after it is given (its ticket changes: the customer rates
 * again), with `updated_at`. Filters: `score`, and `start_time`/`end_time`, compared here with
 * `created_at` (the harsher reading of "the oldest satisfaction rating": a rating changed later is
 * not in a window that starts after its creation).
 */
export const satisfactionRatings: SupportList = {
  name: "satisfaction_ratings",
  key: "satisfaction_ratings",
  maxSize: 100,
  offset: true,
  adminOnly: true,
  extraParams: ["score", "start_time", "end_time", "sort"],
  generate({ seed, baseUrl, tickets = [] }: ListAccount) {
    const held = cache.get(tickets);
    if (held?.baseUrl === baseUrl) return held.records;
    const records = tickets
      .flatMap((t): JsonRecord[] => {
        const record = rating(seed, baseUrl, t);
        return record ? [record] : [];
      })
      .sort(
        (a, b) =>
          String(a.created_at).localeCompare(String(b.created_at)) || (a.id as number) - (b.id as number),
      );
    cache.set(tickets, { baseUrl, records });
    return records;
  },
  sortKey: (record) => [Date.parse(String(record.created_at)) / 1000, record.id as number],
  visible(records, query) {
    const score = query.get("score");
    const received = ["good", "bad"];
    const scores: Record<string, string[]> = {
      offered: ["offered"],
      unoffered: ["unoffered"],
      received,
      good: ["good"],
      bad: ["bad"],
    };
    if (score !== null && !scores[score])
      return badParameter(`score: "${score}" is not emulated (offered, unoffered, received, good, bad)`);
    const sort = query.get("sort");
    if (sort !== null && sort !== "created_at")
      return badParameter(`unexpected request: sort=${sort} is not emulated (oldest first)`);
    const bound = (name: string) => {
      const raw = query.get(name);
      return raw === null ? null : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    };
    const start = bound("start_time");
    const end = bound("end_time");
    if (Number.isNaN(start) || Number.isNaN(end)) return badParameter("start_time, end_time: epoch seconds");
    return records.filter((r) => {
      const created = Date.parse(String(r.created_at)) / 1000;
      return (
        (score === null || (scores[score] as string[]).includes(String(r.score))) &&
        (start === null || created >= start) &&
        (end === null || created <= end)
      );
    });
  },
};
