/**
 * since_id/max_id paging of agents and bans: records ascending by id; `since_id` is
 * inclusive ("starting with and including the since_id record"), `max_id` returns the last
 * `limit` records with id <= max_id (still ascending).
 */
import { type ApiResponse, badRequest } from "../errors.js";
import { intParam, limitParam } from "../params.js";

export function idPage<T extends { id: number }>(
  all: readonly T[],
  query: URLSearchParams,
  defaultLimit: number,
): { ok: true; page: T[] } | { ok: false; response: ApiResponse } {
  const since = intParam(query, "since_id");
  if (!since.ok) return since;
  const max = intParam(query, "max_id");
  if (!max.ok) return max;
  const limit = limitParam(query, defaultLimit, 1000);
  if (!limit.ok) return limit;
  if (since.value !== null && max.value !== null) {
    return { ok: false, response: badRequest("since_id and max_id cannot be combined") };
  }
  if (max.value !== null) {
    const maxId = max.value;
    const upTo = all.filter((r) => r.id <= maxId);
    return { ok: true, page: upTo.slice(Math.max(0, upTo.length - limit.value)) };
  }
  const sinceId = since.value ?? 0;
  // `all` is id-ascending, so the first match starts the page.
  const from = all.findIndex((r) => r.id >= sinceId);
  return { ok: true, page: from < 0 ? [] : all.slice(from, from + limit.value) };
}
