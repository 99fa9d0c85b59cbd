/**
 * The incremental export endpoints: GET incremental/chats and incremental/agent_timeline.
 * Items are ordered by (timestamp, id). Two paging modes (EmulatorOptions.paging):
 *
 * "real" (the default) pages as the live API does (reference §14), because a connector built
 * against textbook paging lost data there:
 * - every page carries `next_page`, the empty last page included (it points at the same
 *   cursor), so only an empty page ends an export;
 * - chats: `start_time` is inclusive; with `start_id` the page starts strictly after
 *   (start_time, start_id). `end_time` (epoch seconds) and `end_id` are the last item's, and
 *   next_page carries `start_time=<end_time>&start_id=<end_id>`. Some pages, chosen by a hash
 *   of the cursor, hold only 20–70 % of `limit` although more data remains;
 * - agent_timeline: at most 200 entries a page whatever `limit` says, `end_time` in epoch µs,
 *   no `end_id`, and a next_page with only `start_time=<end_time>`. Zendesk does not say whether
 *   that start_time is inclusive, so both readings are modelled (timelineBoundary):
 *   "inclusive" (default, the harsher one) returns the entry at exactly start_time again at the
 *   top of the next page, so the last page of an export holds only that entry and its next_page
 *   equals the request; "exclusive" returns entries strictly after start_time. A `start_id`
 *   sent to agent_timeline is ignored: the API never hands one out, so its effect is unknown.
 *
 * "ideal" (unit-level tests only) is textbook paging: full pages of `limit` (max 1000),
 * `next_page` on full pages only (`nextPageAlways` adds it to the last page), `end_id` on both
 * exports, and start_time + start_id work for agent_timeline as they do for chats.
 *
 * Both modes: `start_time` is required, a non-negative integer in the endpoint's unit, and must
 * be more than five minutes in the past on every request, continuations (start_id) included —
 * a next_page into the last five minutes is rejected like any other request. A request without
 * a `fields` expansion gets minimal records, as the API does, and is recorded as unexpected.
 */
import { isoSeconds } from "../clock.js";
import { type ApiResponse, badRequest, ok } from "../errors.js";
import { encodeParam, expandedFields, intParam, limitParam, type Parsed } from "../params.js";
import type { JsonRecord } from "../types.js";

export type IncrementalFault =
  | "empty"
  | "cursor_backwards"
  | "empty_with_next"
  | "count_mismatch"
  | "no_next_page"
  | "next_page_absent"
  | "end_time_absent";

export interface ExportPaging {
  /** The most items this page may hold, given the (capped) limit and the request's cursor. */
  pageSize(limit: number, startTime: number, startId: string | null): number;
  /** The cursor has an id part: `end_id` in the envelope, `start_id` in next_page. */
  withId: boolean;
  /** next_page on every page; otherwise only on full pages. */
  nextPageAlways: boolean;
}

export interface IncrementalSource<T> {
  /** Response key and `fields` resource name: "chats" | "agent_timeline". */
  key: string;
  /** Units of start_time/end_time per second: 1 for chats, 1e6 for agent_timeline. */
  unitsPerSecond: number;
  /** null when start_time is plausibly in the endpoint's unit, else why not. */
  checkUnit(startTime: number): string | null;
  /** Items in order from a cursor expressed in the endpoint's units. */
  scan(startTime: number, startId: string | null): Iterator<T>;
  time(item: T): number;
  id(item: T): string;
  full(item: T): JsonRecord;
  /** What a request without `fields` gets. */
  minimal(item: T): JsonRecord;
  paging: ExportPaging;
}

export interface IncrementalContext {
  nowMs: number;
  /** Absolute URL of this endpoint, without the query string. */
  endpointUrl: string;
  /** next_page as `?cursor=<opaque token>` instead of readable start_time/start_id parameters. */
  opaqueCursor?: boolean;
  fault?: IncrementalFault;
}

const MAX_LIMIT = 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

export function incrementalPage<T>(
  source: IncrementalSource<T>,
  query: URLSearchParams,
  ctx: IncrementalContext,
): ApiResponse {
  const cursor = parseCursor(source, query, ctx.nowMs);
  if (!cursor.ok) return cursor.response;
  const { startTime, startId } = cursor.value;
  const limit = limitParam(query, MAX_LIMIT, MAX_LIMIT);
  if (!limit.ok) return limit.response;
  const { paging } = source;
  const size = paging.pageSize(limit.value, startTime, startId);
  const fields = expandedFields(query, source.key);

  const items =
    ctx.fault === "empty" || ctx.fault === "empty_with_next"
      ? []
      : take(source.scan(startTime, startId), size);
  const records = items.map((item) => project(source, item, fields));
  const last = items.at(-1);
  let endTime = last === undefined ? startTime : source.time(last);
  let endId: string | null = last === undefined ? startId : source.id(last);
  const cursorUrl = (time: number, id: string | null) => {
    const url = pageUrl(ctx.endpointUrl, query, time, paging.withId ? id : null);
    return ctx.opaqueCursor ? opaqueUrl(ctx.endpointUrl, url) : url;
  };
  let nextPage: string | null =
    items.length === size || paging.nextPageAlways ? cursorUrl(endTime, endId) : null;
  let count = records.length;

  switch (ctx.fault) {
    case "empty_with_next":
      // Nothing returned, yet a next_page pointing at the same cursor.
      nextPage = cursorUrl(startTime, startId);
      break;
    case "cursor_backwards":
      // The page's cursor lands a day before where the request started.
      endTime = Math.max(0, startTime - 86_400 * source.unitsPerSecond);
      endId = null;
      nextPage = cursorUrl(endTime, null);
      break;
    case "count_mismatch":
      count = records.length > 0 ? records.length - 1 : 1;
      break;
    default:
      break;
  }
  const body: JsonRecord = { [source.key]: records, count };
  if (paging.withId) body.end_id = endId;
  body.end_time = endTime;
  body.next_page = nextPage;
  noWayOn(body, ctx.fault);
  const response = ok(body);
  if (fields === null) {
    response.unexpected = `fields: no ${source.key}(...) expansion, so only minimal records were served; send fields=${source.key}(*)`;
  }
  return response;
}

/** The "no way on" faults: the page keeps its records and loses what says where to go next. */
function noWayOn(body: JsonRecord, fault: IncrementalFault | undefined): void {
  if (fault !== "no_next_page" && fault !== "next_page_absent" && fault !== "end_time_absent") return;
  delete body.end_time;
  delete body.end_id;
  if (fault === "no_next_page") body.next_page = null;
  else if (fault === "next_page_absent") delete body.next_page;
  else if (typeof body.next_page === "string") {
    const next = new URL(body.next_page);
    body.next_page = `https://www.zopim.com/api/v2${next.pathname.replace(/^.*\/api\/v2\/chat/, "")}${next.search}`;
  }
}

/** start_time (required, in the endpoint's unit, five minutes old) and the optional start_id. */
function parseCursor<T>(
  source: IncrementalSource<T>,
  query: URLSearchParams,
  nowMs: number,
): Parsed<{ startTime: number; startId: string | null }> {
  const parsed = intParam(query, "start_time");
  if (!parsed.ok) return parsed;
  const startTime = parsed.value;
  if (startTime === null) {
    return { ok: false, response: badRequest("start_time: a Unix epoch time is required") };
  }
  const wrongUnit = source.checkUnit(startTime);
  if (wrongUnit !== null) return { ok: false, response: badRequest(wrongUnit) };
  const startMs = (startTime / source.unitsPerSecond) * 1000;
  if (startMs > nowMs - FIVE_MINUTES_MS) {
    const description =
      `start_time: must be more than five minutes in the past (server time ${isoSeconds(nowMs / 1000)}, ` +
      `see the Date header); ${startTime} is not`;
    return { ok: false, response: badRequest(description) };
  }
  const raw = query.get("start_id");
  return { ok: true, value: { startTime, startId: raw === null || raw === "" ? null : raw } };
}

function take<T>(it: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  while (out.length < n) {
    const next = it.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

function project<T>(source: IncrementalSource<T>, item: T, fields: "*" | Set<string> | null): JsonRecord {
  if (fields === "*") return source.full(item);
  if (fields === null) return source.minimal(item);
  const full = source.full(item);
  const out: JsonRecord = {};
  for (const key of Object.keys(full)) if (fields.has(key)) out[key] = full[key];
  return out;
}

/**
 * A next_page whose only parameter is an opaque token, as cursor-paginated APIs hand out: nothing in
 * it (no start_time) says where it points, so a client must follow it as given.
 */
function opaqueUrl(base: string, readable: string): string {
  const token = Buffer.from(new URL(readable).search.slice(1), "utf8").toString("base64url");
  return `${base}?cursor=${token}`;
}

/** The parameters an opaque `cursor` token stands for, or null when it is not one of ours. */
export function decodeOpaqueCursor(token: string): URLSearchParams | null {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const params = new URLSearchParams(text);
  return params.has("start_time") ? params : null;
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
