/**
 * Requests of a sync, computed from the data size and the paging rules of the real API (and of the
 * emulator, which pages the same way), for datasets too large to sync in the bench.
 *
 * - id-paged lists (agents, bans): `since_id` = last id + 1 until an empty page, so n records take
 *   ceil(n / limit) pages with records and the empty one that ends the list.
 * - exports (chats, agent_timeline) follow next_page until an empty page; the real API serves
 *   agent_timeline at most 200 a page whatever `limit` says. chats pages are taken as full (the
 *   emulator also serves some short pages, which the measured demo rows include).
 * - agent_timeline's start_time without start_id: "exclusive" ends on an empty page after
 *   ceil(n / 200) pages; "inclusive" (the emulator's default, the harsher reading) repeats the
 *   boundary entry at the top of every next page (199 new a page) and ends on a page holding only
 *   it, pointing at itself.
 * - the eight other streams: one request each.
 */

export interface DatasetSize {
  chats: number;
  agents: number;
  bans: number;
  timelineEntries: number;
}

export interface PagingRules {
  idPageSize: number;
  exportPageSize: number;
  /** The most agent_timeline entries the API sends a page. */
  timelineCap: number;
  timelineBoundary: "inclusive" | "exclusive";
}

export const FULL_REFRESH_STREAMS = 8;
export const TIMELINE_PAGE_MAX = 200;

export function idPagedRequests(records: number, pageSize: number): number {
  return Math.ceil(records / pageSize) + 1;
}

export function exportRequests(records: number, pageSize: number): number {
  return Math.ceil(records / pageSize) + 1;
}

export function timelineRequests(entries: number, rules: PagingRules): number {
  const cap = Math.min(rules.exportPageSize, rules.timelineCap);
  if (rules.timelineBoundary === "exclusive" || entries === 0) return exportRequests(entries, cap);
  // Inclusive: cap new on the first page, cap - 1 on each next one, then the page of the boundary only.
  const withNew = entries <= cap ? 1 : 1 + Math.ceil((entries - cap) / (cap - 1));
  return withNew + 1;
}

export function fullSyncRequests(size: DatasetSize, rules: PagingRules): Record<string, number> {
  return {
    chats: exportRequests(size.chats, rules.exportPageSize),
    agent_timeline: timelineRequests(size.timelineEntries, rules),
    agents: idPagedRequests(size.agents, rules.idPageSize),
    bans: idPagedRequests(size.bans, rules.idPageSize),
    others: FULL_REFRESH_STREAMS,
  };
}

/**
 * A no-op incremental sync of the four incremental streams: an export asks from its cursor and gets
 * the boundary record(s) again (start_time is inclusive), then the empty page that ends it (a short
 * page is not the end on the real API); an id-paged list asks from last id + 1 and gets an empty
 * page at once.
 */
export function noopIncrementalRequests(): Record<string, number> {
  return { chats: 2, agent_timeline: 2, agents: 1, bans: 1 };
}

export function total(requests: Record<string, number>): number {
  return Object.values(requests).reduce((a, b) => a + b, 0);
}

/** Minutes a sync of `requests` takes at `perMinute` requests a minute, at the least. */
export function minutesAt(requests: number, perMinute: number): number {
  return requests / perMinute;
}
