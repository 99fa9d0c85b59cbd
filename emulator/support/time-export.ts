/**
 * A time-based incremental export of Zendesk Support (`incremental/ticket_events`,
 * `incremental/ticket_metric_events` in its time mode), as the reference and the organizations
 * export describe it: `start_time` (epoch s, inclusive, at least a minute old, else 400 "Too recent
 * start_time"), pages of `per_page` (≤ 1000, default 1000) in (time, id) order, `end_time` = the
 * last item's time, `next_page` with start_time=end_time on every page (the boundary items come
 * again), `count`, and `end_of_stream` once fewer than per_page items were left. Items changed
 * within the last minute of the clock are left out. Which parameters `next_page` keeps is not
 * documented: the harsher reading keeps only `per_page` and `start_time`.
 */
import { type ApiResponse, ok } from "../errors.js";
import { badParameter } from "./lists/list.js";
import { after, checkParams, intParam, MINUTE, tooRecent } from "./params.js";

export interface TimeExportSource<T> {
  /** The endpoint under /api/v2/, without `.json`. */
  endpoint: string;
  /** The key of the items' array in the body. */
  key: string;
  /** Parameters taken besides start_time and per_page. */
  extraParams: readonly string[];
  /** Every item in (time, id) order. */
  items(): readonly T[];
  time(x: T): number;
  id(x: T): number;
  /** False: left out of this request's answer (a filter parameter); it does not fill the page. */
  visible?(x: T): boolean;
  render(x: T): unknown;
  /** False: the body has no `end_of_stream` (an export documented without it). */
  endOfStream?: boolean;
}

export function timeExport<T>(
  source: TimeExportSource<T>,
  nowSec: number,
  query: URLSearchParams,
  /** The request's context (endpoints.ts SupportRouteContext): the base URL and a fault to play. */
  ctx: { baseUrl: string; fault?: string },
): ApiResponse {
  const bad = checkParams(query, ["start_time", "per_page", ...source.extraParams]);
  if (bad) return bad;
  const start = intParam(query, "start_time");
  if (!start.ok) return start.response;
  if (start.value === null) return badParameter("start_time: required");
  const perPage = intParam(query, "per_page", 1);
  if (!perPage.ok) return perPage.response;
  const size = Math.min(perPage.value ?? 1000, 1000);
  const recent = tooRecent(start.value, nowSec);
  if (recent) return recent;
  const cutoff = nowSec - MINUTE;
  const all = source.items();
  const page: T[] = [];
  // Strictly after (start_time, 0) = on or after start_time (ids are positive).
  let i = after(all, (x) => [source.time(x), source.id(x)], start.value, 0);
  for (; i < all.length && page.length < size; i++) {
    const x = all[i] as T;
    if (source.time(x) > cutoff) break;
    if (source.visible && !source.visible(x)) continue;
    page.push(x);
  }
  const { fault } = ctx;
  const items = fault === "empty" || fault === "empty_with_next" ? [] : page;
  const last = items.at(-1);
  let endTime = last === undefined ? start.value : source.time(last);
  if (fault === "cursor_backwards") endTime = Math.max(0, start.value - 86_400);
  const perPageParam = perPage.value !== null ? `per_page=${perPage.value}&` : "";
  const lost = fault === "no_next_page";
  return ok({
    [source.key]: items.map((x) => source.render(x)),
    next_page: lost ? null : `${ctx.baseUrl}/${source.endpoint}.json?${perPageParam}start_time=${endTime}`,
    ...(lost ? {} : { end_time: endTime }),
    count: fault === "count_mismatch" ? items.length + 1 : items.length,
    ...(source.endOfStream === false
      ? {}
      : { end_of_stream: fault === "empty_with_next" ? false : page.length < size }),
  });
}
