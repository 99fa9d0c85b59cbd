/**
 * The incremental export endpoints: GET incremental/chats and incremental/agent_timeline.
 *
 * Items are ordered by (timestamp, id). `start_time` is inclusive; with `start_id` the page
 * starts strictly after (start_time, start_id), so following `next_page`
 * (start_time=<end_time>&start_id=<end_id>) visits every item exactly once.
 *
 * `next_page` choice: it is set when the page is full (count == limit) and null on the last,
 * short page. (The real API seems to include it on every page; `nextPageAlways` emulates
 * that.) Clients should stop on count < limit, a null next_page, or an empty page.
 */
import { type ApiResponse, badRequest, ok } from "../errors.js";
import type { JsonRecord } from "../types.js";
import { encodeParam, expandedFields, intParam, limitParam } from "./params.js";

export type IncrementalFault = "empty" | "cursor_backwards" | "empty_with_next" | "count_mismatch";

export interface IncrementalSource<T> {
  /** Response key and `fields` resource name: "chats" | "agent_timeline". */
  key: string;
  /** Units of start_time/end_time per second: 1 for chats, 1e6 for agent_timeline. */
  unitsPerSecond: number;
  /** Items in order from a cursor expressed in the endpoint's units. */
  scan(startTime: number, startId: string | null): Iterator<T>;
  time(item: T): number;
  id(item: T): string;
  full(item: T): JsonRecord;
  /** What a request without `fields` gets. */
  minimal(item: T): JsonRecord;
}

export interface IncrementalContext {
  nowMs: number;
  /** Absolute URL of this endpoint, without the query string. */
  endpointUrl: string;
  nextPageAlways: boolean;
  fault?: IncrementalFault;
}

const MAX_LIMIT = 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

export function incrementalPage<T>(
  source: IncrementalSource<T>,
  query: URLSearchParams,
  ctx: IncrementalContext,
): ApiResponse {
  const startTimeParam = intParam(query, "start_time");
  if (!startTimeParam.ok) return startTimeParam.response;
  const startTime = startTimeParam.value;
  if (startTime === null) return badRequest("start_time: a Unix epoch time is required");
  const startIdRaw = query.get("start_id");
  const startId = startIdRaw === null || startIdRaw === "" ? null : startIdRaw;
  // The API rejects exports starting less than five minutes ago. A request that continues from
  // a server-issued cursor (start_id present) is accepted regardless, so a next_page URL
  // pointing into the last five minutes never turns into an error. (Emulator choice.)
  const startMs = (startTime / source.unitsPerSecond) * 1000;
  if (startId === null && startMs > ctx.nowMs - FIVE_MINUTES_MS) {
    return badRequest("start_time: must be more than five minutes in the past");
  }
  const limitParsed = limitParam(query, MAX_LIMIT, MAX_LIMIT);
  if (!limitParsed.ok) return limitParsed.response;
  const limit = limitParsed.value;
  const fields = expandedFields(query, source.key);

  const items: T[] = [];
  if (ctx.fault !== "empty" && ctx.fault !== "empty_with_next") {
    const it = source.scan(startTime, startId);
    while (items.length < limit) {
      const next = it.next();
      if (next.done) break;
      items.push(next.value);
    }
  }
  const records = items.map((item) => project(source, item, fields));
  const last = items.at(-1);
  let endTime = last === undefined ? startTime : source.time(last);
  let endId: string | null = last === undefined ? startId : source.id(last);
  let nextPage: string | null =
    items.length === limit || ctx.nextPageAlways ? pageUrl(ctx.endpointUrl, query, endTime, endId) : null;
  let count = records.length;

  switch (ctx.fault) {
    case "empty_with_next":
      // Nothing returned, yet a next_page pointing at the same cursor.
      nextPage = pageUrl(ctx.endpointUrl, query, startTime, startId);
      break;
    case "cursor_backwards":
      // The page's cursor lands a day before where the request started.
      endTime = Math.max(0, startTime - 86_400 * source.unitsPerSecond);
      endId = null;
      nextPage = pageUrl(ctx.endpointUrl, query, endTime, null);
      break;
    case "count_mismatch":
      count = records.length > 0 ? records.length - 1 : 1;
      break;
    default:
      break;
  }
  return ok({ [source.key]: records, count, end_id: endId, end_time: endTime, next_page: nextPage });
}

function project<T>(source: IncrementalSource<T>, item: T, fields: "*" | Set<string> | null): JsonRecord {
  if (fields === "*") return source.full(item);
  if (fields === null) return source.minimal(item);
  const full = source.full(item);
  const out: JsonRecord = {};
  for (const key of Object.keys(full)) if (fields.has(key)) out[key] = full[key];
  return out;
}

/** Same URL with the cursor replaced; other parameters keep their order (fields, limit, ...). */
function pageUrl(base: string, query: URLSearchParams, startTime: number, startId: string | null): string {
  const parts: string[] = [];
  for (const [k, v] of query) {
    if (k !== "start_time" && k !== "start_id") parts.push(`${encodeParam(k)}=${encodeParam(v)}`);
  }
  parts.push(`start_time=${startTime}`);
  if (startId !== null) parts.push(`start_id=${encodeParam(startId)}`);
  return `${base}?${parts.join("&")}`;
}
