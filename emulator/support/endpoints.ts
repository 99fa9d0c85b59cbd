/**
 * The Support API endpoints under /api/v2/ (everything not under /api/v2/chat/). Only the
 * documented parameters a connector needs are served; anything else is a 400 recorded in
 * unexpectedRequests(). Paging, as the live API does it (docs/zendesk-support-api-notes.md on the
 * support-research branch):
 *
 * - Cursor exports (incremental/tickets/cursor, incremental/users/cursor): first request
 *   `start_time` (epoch s, at least a minute old, else 400 InvalidValue "Too recent start_time"),
 *   then `cursor=<after_cursor>` alone (+ per_page). Items on or after start_time in (time, id)
 *   order, tickets by generated_timestamp, users by updated_at; items changed within the last 60 s
 *   of the clock are left out. `after_url`/`after_cursor` on every page, the last one included
 *   (the bookmark for the next sync); `end_of_stream` true only on the last page. With
 *   `shortPages` (default) about one page in four is shorter than per_page and one in ten
 *   mid-stream pages is empty with end_of_stream false. The cursor is base64url of a JSON position
 *   {t, id} (strictly after it), so it stays valid whatever changes between requests. The ticket
 *   export takes `include=metric_sets` (a top-level `metric_sets` list of the page's tickets' metric
 *   sets; none for deleted or archived tickets; another include value is a 400); the `no_sideload`
 *   fault leaves it out.
 * - Time export (incremental/organizations): `start_time` inclusive, pages of per_page (≤ 1000,
 *   default 1000) by (updated_at, id), `end_time` = last item's updated_at, `next_page` with
 *   start_time=end_time on every page (the boundary items come again), `end_of_stream` when fewer
 *   than per_page items were left. A full page whose items all share start_time points at itself.
 * - Lists: cursor pagination `page[size]` (≤ 100) / `page[after]` / `page[before]`, body
 *   `{key, meta: {has_more, after_cursor, before_cursor}, links: {next, prev}}`; the last page has
 *   has_more false (its cursors and links are still set). Offset pagination (`page`, `per_page`)
 *   is served up to page 100 of its per_page (≤ 100) and refused past it with a 400.
 * - ticket_audits: newest first. Cursor style as the lists, or the legacy style (`cursor`,
 *   `limit` ≤ 200, `sort_by=created_at`, `sort_order=desc`) with top-level before_url/after_url/
 *   before_cursor/after_cursor, before_url leading to older audits and set on every non-empty page;
 *   an empty page ends it.
 * - tickets/{ticket_id}/conversation_log (Early Access): conversation-log.ts (cursor pagination,
 *   403 for an account outside the program, 404 for a deleted ticket).
 */
import { type ApiResponse, ok } from "../errors.js";
import { hash } from "../random.js";
import type { JsonRecord } from "../types.js";
import { CONVERSATION_LOG, conversationLogEndpoint } from "./conversation-log.js";
import type { SupportData, Ticket } from "./data.js";
import { SUPPORT_LISTS } from "./lists/index.js";
import { badParameter, booleanParameter, type SupportList } from "./lists/list.js";
import { metricEventsEndpoint } from "./metric-events.js";
import {
  after,
  checkParams,
  decodeCursor,
  encodeCursor,
  intParam,
  MINUTE,
  type Parsed,
  tooRecent,
} from "./params.js";
import { ticketEventsEndpoint } from "./ticket-events.js";
import { timeExport } from "./time-export.js";

export type SupportFault =
  | "empty"
  | "cursor_backwards"
  | "empty_with_next"
  | "count_mismatch"
  /** The page keeps its records, loses its way on (after_url/after_cursor, next_page/end_time, links.next). */
  | "no_next_page"
  /** The page leaves out the side-load asked for with `include` (an account not honouring it). */
  | "no_sideload";

export interface SupportRouteContext {
  /** "http://127.0.0.1:PORT/api/v2" */
  baseUrl: string;
  shortPages: boolean;
  fault?: SupportFault;
  /** The request's path after /api/v2/ (for endpoints with an id in the path). */
  path?: string;
}

/** Endpoint names (after /api/v2/, without .json) of the exports. */
export const SUPPORT_EXPORTS = new Set([
  "incremental/tickets/cursor",
  "incremental/users/cursor",
  "incremental/organizations",
  "incremental/ticket_events",
  "incremental/ticket_metric_events",
]);

/** Endpoints only admins may read ("Allowed For: Admins"). */
export const ADMIN_ONLY = new Set([
  ...SUPPORT_EXPORTS,
  "ticket_audits",
  ...SUPPORT_LISTS.filter((list) => list.adminOnly).map((list) => list.path ?? list.name),
]);

export function supportBadRequest(description: string, error = "InvalidValue"): ApiResponse {
  return error === "InvalidValue"
    ? badParameter(description)
    : { status: 400, body: { error, description }, unexpected: description };
}

export function supportNotFound(): ApiResponse {
  return { status: 404, body: { error: "InvalidEndpoint", description: "Not found" } };
}

// ---- parameters ----

interface Position {
  t: number;
  id: number;
  /** The page at this position was served empty once: the next one is not. */
  e?: 1;
}

const isPosition = (v: unknown): v is Position =>
  typeof v === "object" &&
  v !== null &&
  Number.isSafeInteger((v as Position).t) &&
  Number.isSafeInteger((v as Position).id);

// ---- cursor exports ----

interface ExportSource<T> {
  key: "tickets" | "users";
  items(): readonly T[];
  time(x: T): number;
  id(x: T): number;
  render(x: T): unknown;
  filter?(x: T): boolean;
  /** Top-level lists side-loaded with the page (`include`), by key. */
  sideLoad?(page: readonly T[]): Record<string, unknown[]>;
}

function cursorExport<T>(
  data: SupportData,
  source: ExportSource<T>,
  endpoint: string,
  query: URLSearchParams,
  ctx: SupportRouteContext,
  extraParams: readonly string[],
): ApiResponse {
  const bad = checkParams(query, ["start_time", "cursor", "per_page", ...extraParams]);
  if (bad) return bad;
  const perPage = intParam(query, "per_page", 1);
  if (!perPage.ok) return perPage.response;
  const size = Math.min(perPage.value ?? 1000, 1000);
  const nowSec = data.nowSec();
  let pos: Position;
  const token = query.get("cursor");
  if (token !== null) {
    if (query.has("start_time"))
      return supportBadRequest(
        "unexpected request: cursor and start_time together (a cursor carries its own position)",
      );
    const decoded = decodeCursor(token, isPosition);
    if (!decoded) return supportBadRequest(`cursor: "${token}" is not a cursor this export handed out`);
    if ((decoded as { b?: unknown }).b === 1)
      return supportBadRequest(
        "unexpected request: a before_cursor of an export (reading backwards is not emulated)",
      );
    pos = decoded;
  } else {
    const start = intParam(query, "start_time");
    if (!start.ok) return start.response;
    if (start.value === null) return supportBadRequest("start_time: required (or a cursor)");
    const recent = tooRecent(start.value, nowSec);
    if (recent) return recent;
    // Strictly after (start_time, 0) = on or after start_time (ids are positive).
    pos = { t: start.value, id: 0 };
  }
  const cutoff = nowSec - MINUTE;
  const all = source.items();
  const from = after(all, (x) => [source.time(x), source.id(x)], pos.t, pos.id);
  const eligible = (i: number) => {
    const x = all[i] as T;
    return source.time(x) <= cutoff;
  };
  const h = hash(0x5c0 ^ pos.t, pos.id, pos.e ?? 0);
  let limit = size;
  let forceEmpty = false;
  if (ctx.shortPages && pos.e !== 1) {
    if (h % 10 === 0) forceEmpty = true;
    else if (h % 4 === 1) limit = Math.max(1, Math.floor(size * (0.2 + 0.5 * ((h >>> 8) / 2 ** 24))));
  }
  if (ctx.fault === "empty" || ctx.fault === "empty_with_next") forceEmpty = true;
  const page: T[] = [];
  let i = from;
  let last: Position = { t: pos.t, id: pos.id };
  if (!forceEmpty) {
    while (i < all.length && page.length < limit && eligible(i)) {
      const x = all[i] as T;
      last = { t: source.time(x), id: source.id(x) };
      i++;
      if (source.filter && !source.filter(x)) continue;
      page.push(x);
    }
  }
  const moreEligible = i < all.length && eligible(i);
  let endOfStream = !moreEligible;
  let next: Position = last;
  if (forceEmpty && moreEligible && ctx.fault !== "empty") {
    endOfStream = false;
    next = { ...pos, e: 1 };
  }
  if (ctx.fault === "empty") endOfStream = true;
  if (ctx.fault === "cursor_backwards") next = { t: Math.max(0, pos.t - 86_400), id: 0 };
  if (ctx.fault === "empty_with_next") endOfStream = false;
  const afterCursor = encodeCursor(next);
  // Whether after_url keeps support_type_scope is not documented: the harsher reading leaves it
  // out, so a client that follows after_url as given falls back to the default scope.
  const extras = extraParams.flatMap((p) =>
    query.has(p) && p !== "support_type_scope" ? [`${p}=${encodeURIComponent(query.get(p) ?? "")}`] : [],
  );
  const perPageParam = perPage.value !== null ? [`per_page=${perPage.value}`] : [];
  const url = (c: string) =>
    `${ctx.baseUrl}/${endpoint}.json?${[...perPageParam, ...extras, `cursor=${c}`].join("&")}`;
  const beforeCursor = token !== null ? encodeCursor({ t: pos.t, id: pos.id, b: 1 }) : null;
  const lost = ctx.fault === "no_next_page";
  return ok({
    [source.key]: page.map((x) => source.render(x)),
    ...(ctx.fault === "no_sideload" ? {} : source.sideLoad?.(page)),
    after_url: lost ? null : url(afterCursor),
    after_cursor: lost ? null : afterCursor,
    before_url: beforeCursor === null ? null : url(beforeCursor),
    before_cursor: beforeCursor,
    end_of_stream: endOfStream,
  });
}

/**
 * Which tickets an export request sees: `support_type_scope` "agent" (the default) leaves out the
 * AI-agent tickets, "ai_agent" keeps only them, "all" keeps both; `exclude_deleted=true` drops the
 * deleted ones.
 */
function ticketFilter(query: URLSearchParams): (t: Ticket) => boolean {
  const scope = query.get("support_type_scope") ?? "agent";
  const excludeDeleted = query.get("exclude_deleted") === "true";
  return (t) =>
    (scope === "all" || (scope === "ai_agent") === t.aiAgent) && !(excludeDeleted && t.status === "deleted");
}

/** The side-loads the emulated ticket export serves (`include`, comma-separated). */
const TICKET_SIDE_LOADS = ["metric_sets"];

/**
 * `include` on the ticket export: each value one the emulator serves, else a 400 (the harsher
 * reading: Zendesk documents the tickets' side-loads but not what an unknown one does).
 */
function badInclude(query: URLSearchParams): ApiResponse | null {
  const include = query.get("include");
  if (include === null) return null;
  const unknown = include.split(",").filter((v) => !TICKET_SIDE_LOADS.includes(v));
  if (unknown.length === 0) return null;
  return supportBadRequest(
    `include: "${unknown.join(",")}" is not a side-load of the ticket export emulated here`,
  );
}

/**
 * `include=metric_sets`: the page's tickets' metric sets as a top-level `metric_sets` list (the
 * side-loading reference's shape), each with its `ticket_id`. Deleted tickets have none (Estuary's
 * connector and the per-ticket endpoint's 404); archived tickets have none either, the harsher
 * reading of what the docs leave open (the ticket_metrics list leaves them out too).
 */
function ticketSideLoads(data: SupportData, query: URLSearchParams) {
  const include = query.get("include")?.split(",") ?? [];
  if (!include.includes("metric_sets")) return undefined;
  return (page: readonly Ticket[]) => ({
    metric_sets: page
      .filter((t) => t.status !== "deleted" && !data.archived(t))
      .map((t) => data.metricRecord(t)),
  });
}

/** support_type_scope, when sent: one of the documented values. */
function badScope(query: URLSearchParams): ApiResponse | null {
  const scope = query.get("support_type_scope");
  if (scope === null || ["all", "agent", "ai_agent"].includes(scope)) return null;
  return supportBadRequest(`support_type_scope: "${scope}" is not one of all, agent, ai_agent`);
}

// ---- time export (organizations) ----

function organizationsExport(
  data: SupportData,
  query: URLSearchParams,
  ctx: SupportRouteContext,
): ApiResponse {
  return timeExport(
    {
      endpoint: "incremental/organizations",
      key: "organizations",
      extraParams: [],
      items: () => data.orgOrder(),
      time: (o) => o.updated,
      id: (o) => o.id,
      render: (o) => data.orgRecord(o),
    },
    data.nowSec(),
    query,
    ctx,
  );
}

// ---- cursor-paginated lists ----

/** A list's items, rendered only for the slice a page serves (arrays qualify). */
interface Seq {
  length: number;
  slice(from: number, to: number): unknown[];
}

function lazy<T>(items: readonly T[], render: (x: T) => unknown): Seq {
  return { length: items.length, slice: (from, to) => items.slice(from, to).map(render) };
}

/** First index whose key is > k (strict) or >= k, by binary search (keys ascend in list order). */
function boundary(n: number, keyOf: (i: number) => number[], k: number[], strict: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(keyOf(mid), k);
    if (strict ? c > 0 : c >= 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface ListSpec {
  key: string;
  /** Items in list order with a sort key ascending in that order. */
  items(
    data: SupportData,
    query: URLSearchParams,
  ): { keyOf(i: number): number[]; records: Seq } | ApiResponse;
  extraParams: readonly string[];
  maxSize: number;
  /** No page parameters at all: every item in one response (ticket_fields). */
  unpaginated?(data: SupportData): unknown[];
  offset: boolean;
}

const isKey = (v: unknown): v is { k: number[]; b?: 1 } =>
  typeof v === "object" &&
  v !== null &&
  Array.isArray((v as { k: unknown }).k) &&
  (v as { k: unknown[] }).k.every((n) => typeof n === "number");

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function listPage(
  data: SupportData,
  spec: ListSpec,
  endpoint: string,
  query: URLSearchParams,
  ctx: SupportRouteContext,
): ApiResponse {
  const bad = checkParams(query, [
    "page[size]",
    "page[after]",
    "page[before]",
    "page",
    "per_page",
    ...spec.extraParams,
  ]);
  if (bad) return bad;
  const cursorMode = query.has("page[size]") || query.has("page[after]") || query.has("page[before]");
  if (cursorMode && (query.has("page") || query.has("per_page")))
    return supportBadRequest(
      "unexpected request: cursor (page[...]) and offset (page/per_page) pagination mixed",
    );
  const list = spec.items(data, query);
  if ("status" in list) return list;
  const { records, keyOf } = list;
  const empty = ctx.fault === "empty";
  if (!cursorMode) {
    if (!query.has("page") && !query.has("per_page") && spec.unpaginated)
      return ok({
        [spec.key]: empty ? [] : spec.unpaginated(data),
        next_page: null,
        previous_page: null,
        count: records.length,
      });
    if (!spec.offset)
      return supportBadRequest(`unexpected request: ${endpoint} takes cursor pagination (page[size]) only`);
    const page = intParam(query, "page", 1);
    if (!page.ok) return page.response;
    const perPage = intParam(query, "per_page", 1);
    if (!perPage.ok) return perPage.response;
    const n = page.value ?? 1;
    const size = Math.min(perPage.value ?? 100, 100);
    // Since 2023-08-15 (rolled out 2024): offset requests beyond the first 10,000 records / 100 pages.
    if (n > 100 || n * size > 10_000)
      return supportBadRequest(
        "Offset pagination is limited to the first 10,000 records (100 pages); use cursor pagination (page[size]) instead",
        "InvalidPaginationParameter",
      );
    const slice = empty ? [] : records.slice((n - 1) * size, n * size);
    const more = n * size < records.length;
    const link = (p: number) => `${ctx.baseUrl}/${endpoint}.json?page=${p}&per_page=${size}`;
    return ok({
      [spec.key]: slice,
      next_page: more ? link(n + 1) : null,
      previous_page: n > 1 ? link(n - 1) : null,
      count: records.length,
    });
  }
  const sizeP = intParam(query, "page[size]", 1);
  if (!sizeP.ok) return sizeP.response;
  const size = Math.min(sizeP.value ?? 100, spec.maxSize);
  const afterT = query.get("page[after]");
  const beforeT = query.get("page[before]");
  if (afterT !== null && beforeT !== null)
    return supportBadRequest("page[before] and page[after] can't be used together");
  let from = 0;
  let to = records.length;
  if (afterT !== null || beforeT !== null) {
    const decoded = decodeCursor(afterT ?? beforeT ?? "", isKey);
    if (!decoded)
      return supportBadRequest(
        `page[${afterT !== null ? "after" : "before"}]: not a cursor this list handed out`,
      );
    // First item after the key (page[after]) or the page ending just before it (page[before]).
    if (afterT !== null) from = boundary(records.length, keyOf, decoded.k, true);
    else {
      to = boundary(records.length, keyOf, decoded.k, false);
      from = Math.max(0, to - size);
    }
  }
  const end = Math.min(to, from + size);
  const slice = empty ? [] : records.slice(from, end);
  const hasMore = !empty && (beforeT !== null ? from > 0 : end < records.length);
  const afterCursor = slice.length > 0 ? encodeCursor({ k: keyOf(end - 1) }) : null;
  const beforeCursor = slice.length > 0 ? encodeCursor({ k: keyOf(from), b: 1 }) : null;
  // The request's other parameters (filters, sort) carry over into the links, as Zendesk's do.
  const carried = [...query]
    .filter(([k]) => !k.startsWith("page["))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}&`)
    .join("");
  const link = (p: string, c: string | null) =>
    c === null
      ? null
      : `${ctx.baseUrl}/${endpoint}.json?${carried}page%5Bsize%5D=${size}&page%5B${p}%5D=${c}`;
  const lost = ctx.fault === "no_next_page";
  return ok({
    [spec.key]: slice,
    meta: { has_more: hasMore, after_cursor: lost ? null : afterCursor, before_cursor: beforeCursor },
    links: { prev: link("before", beforeCursor), next: lost ? null : link("after", afterCursor) },
  });
}

function byId(records: { id: unknown }[]) {
  return { records, keyOf: (i: number) => [records[i]?.id as number] };
}

/** A registered list (lists/) as a ListSpec: its records in list order, keyed by their place in it. */
function registeredList(list: SupportList): ListSpec {
  return {
    key: list.key,
    extraParams: list.extraParams,
    maxSize: list.maxSize,
    offset: list.offset,
    items: (data, query) => {
      const all = data.records(list.name);
      const seen = list.visible ? list.visible(all, query) : all;
      if (!Array.isArray(seen)) return seen;
      const place = new Map(all.map((record, i) => [record, i]));
      const sortKey = list.sortKey;
      if (sortKey) return { records: seen, keyOf: (i: number) => sortKey(seen[i] as JsonRecord) };
      return { records: seen, keyOf: (i: number) => [place.get(seen[i] as JsonRecord) ?? -1] };
    },
    ...(list.unpaginated ? { unpaginated: (data: SupportData) => data.records(list.name) } : {}),
  };
}

const LISTS: Record<string, ListSpec> = {
  groups: {
    key: "groups",
    extraParams: ["exclude_deleted"],
    maxSize: 100,
    offset: true,
    items: (data, q) => {
      const excludeDeleted = booleanParameter(q, "exclude_deleted");
      if (excludeDeleted !== null && typeof excludeDeleted === "object") return excludeDeleted;
      // Deleted groups are hidden unless exclude_deleted=false (notes §5, estuary PR #2007).
      return byId(
        data.records("groups").filter((g) => excludeDeleted === false || g.deleted !== true) as {
          id: unknown;
        }[],
      );
    },
  },
  group_memberships: {
    key: "group_memberships",
    extraParams: [],
    maxSize: 100,
    offset: true,
    items: (data) => byId(data.records("group_memberships") as { id: unknown }[]),
  },
  macros: {
    key: "macros",
    extraParams: ["active", "sort_by", "sort_order"],
    maxSize: 100,
    offset: true,
    items: (data, q) => {
      const active = booleanParameter(q, "active");
      if (active !== null && typeof active === "object") return active;
      const sortBy = q.get("sort_by") ?? "alphabetical";
      const order =
        q.get("sort_order") ?? (sortBy === "alphabetical" || sortBy === "position" ? "asc" : "desc");
      if (
        ![
          "alphabetical",
          "created_at",
          "updated_at",
          "usage_1h",
          "usage_24h",
          "usage_7d",
          "usage_30d",
          "position",
        ].includes(sortBy)
      )
        return supportBadRequest(`sort_by: unknown value "${sortBy}"`);
      if (sortBy.startsWith("usage"))
        return supportBadRequest(`unexpected request: sort_by=${sortBy} is not emulated`);
      if (order !== "asc" && order !== "desc") return supportBadRequest("sort_order: asc or desc");
      const sign = order === "asc" ? 1 : -1;
      const time = (m: Record<string, unknown>) =>
        sortBy === "created_at" || sortBy === "updated_at" ? Date.parse(String(m[sortBy])) / 1000 : 0;
      const rows = data
        .records("macros")
        .filter((m) => active === null || m.active === active)
        .map((m) => ({ m, key: [sign * time(m), sign * (m.position as number), sign * (m.id as number)] }));
      if (sortBy === "alphabetical") {
        // Titles are fixed per seed: the position in title order is the cursor key.
        rows.sort(
          (a, b) => sign * String(a.m.title).localeCompare(String(b.m.title)) || compareKeys(a.key, b.key),
        );
        rows.forEach((r, i) => {
          r.key = [i];
        });
      } else rows.sort((a, b) => compareKeys(a.key, b.key));
      return { records: rows.map((r) => r.m), keyOf: (i: number) => rows[i]?.key ?? [] };
    },
  },
  ticket_fields: {
    key: "ticket_fields",
    extraParams: [],
    maxSize: 100,
    offset: false,
    items: (data) => byId(data.records("ticket_fields") as { id: unknown }[]),
    unpaginated: (data) =>
      [...data.records("ticket_fields")].sort((a, b) => (a.position as number) - (b.position as number)),
  },
  ticket_metrics: {
    key: "ticket_metrics",
    extraParams: [],
    maxSize: 100,
    offset: true,
    items: (data) => {
      const tickets = data.metricOrder();
      return {
        records: lazy(tickets, (t) => data.metricRecord(t)),
        keyOf: (i: number) => {
          const t = tickets[i] as Ticket;
          return [-t.created, -t.id];
        },
      };
    },
  },
  tags: {
    key: "tags",
    extraParams: [],
    maxSize: 100,
    offset: true,
    items: (data) => {
      const tags = data.tagRecords();
      // Position in popularity order: tags change only with ticket changes.
      return { records: tags, keyOf: (i: number) => [i] };
    },
  },
};

// ---- ticket_audits ----

function audits(data: SupportData, query: URLSearchParams, ctx: SupportRouteContext): ApiResponse {
  const cursorStyle = query.has("page[size]") || query.has("page[after]") || query.has("page[before]");
  const order = data.auditOrder();
  if (cursorStyle) {
    return listPage(
      data,
      {
        key: "audits",
        extraParams: [],
        maxSize: 100,
        offset: false,
        items: () => ({
          records: lazy(order, (a) => data.auditRecord(a)),
          keyOf: (i: number) => {
            const a = order[i] as (typeof order)[number];
            return [-a.sec, -a.id];
          },
        }),
      },
      "ticket_audits",
      query,
      ctx,
    );
  }
  const bad = checkParams(query, ["cursor", "limit", "sort_by", "sort_order"]);
  if (bad) return bad;
  const sortBy = query.get("sort_by");
  const sortOrder = query.get("sort_order");
  if (sortBy !== null && sortBy !== "created_at")
    return supportBadRequest(`sort_by: only created_at, got "${sortBy}"`);
  if (sortOrder !== null && sortOrder !== "desc")
    return supportBadRequest(
      `unexpected request: sort_order=${sortOrder} is not emulated (the list is newest first)`,
    );
  const limitP = intParam(query, "limit", 1);
  if (!limitP.ok) return limitP.response;
  const limit = Math.min(limitP.value ?? 200, 200);
  const token = query.get("cursor");
  // Position in newest-first order: "before" goes to older audits (later in the list).
  let from = 0;
  let to = order.length;
  let dir: "older" | "newer" = "older";
  if (token !== null) {
    const c = decodeCursor(token, (v): v is { t: number; id: number; d: "older" | "newer" } => isPosition(v));
    if (!c) return supportBadRequest(`cursor: "${token}" is not a cursor this list handed out`);
    dir = c.d;
    const key = (a: (typeof order)[number]) => [-a.sec, -a.id];
    const keyAt = (i: number) => key(order[i] as (typeof order)[number]);
    if (dir === "older") from = boundary(order.length, keyAt, [-c.t, -c.id], true);
    else {
      to = boundary(order.length, keyAt, [-c.t, -c.id], false);
      from = Math.max(0, to - limit);
    }
  }
  const end = dir === "older" ? Math.min(order.length, from + limit) : to;
  const slice = ctx.fault === "empty" ? [] : order.slice(from, end);
  const first = slice[0];
  const last = slice.at(-1);
  const url = (c: string) => `${ctx.baseUrl}/ticket_audits.json?cursor=${c}&limit=${limit}`;
  const before = last ? encodeCursor({ t: last.sec, id: last.id, d: "older" }) : null;
  const afterC = first ? encodeCursor({ t: first.sec, id: first.id, d: "newer" }) : null;
  return ok({
    audits: slice.map((a) => data.auditRecord(a)),
    before_url: before === null ? null : url(before),
    before_cursor: before,
    after_url: afterC === null ? null : url(afterC),
    after_cursor: afterC,
  });
}

// ---- the router ----

export type SupportEndpoint = (
  data: SupportData,
  query: URLSearchParams,
  ctx: SupportRouteContext,
) => ApiResponse;

const ENDPOINTS = new Map<string, SupportEndpoint>([
  [
    "incremental/tickets/cursor",
    (data, q, ctx) =>
      badScope(q) ??
      badInclude(q) ??
      cursorExport(
        data,
        {
          key: "tickets",
          items: () => data.ticketOrder(),
          time: (t) => t.gen,
          id: (t) => t.id,
          render: (t) => data.ticketRecord(t),
          filter: ticketFilter(q),
          sideLoad: ticketSideLoads(data, q),
        },
        "incremental/tickets/cursor",
        q,
        ctx,
        ["exclude_deleted", "support_type_scope", "include"],
      ),
  ],
  [
    "incremental/users/cursor",
    (data, q, ctx) =>
      cursorExport(
        data,
        {
          key: "users",
          items: () => data.userOrder(),
          time: (u) => u.updated,
          id: (u) => u.id,
          render: (u) => data.userRecord(u),
        },
        "incremental/users/cursor",
        q,
        ctx,
        [],
      ),
  ],
  ["incremental/organizations", organizationsExport],
  ["incremental/ticket_events", ticketEventsEndpoint],
  ["incremental/ticket_metric_events", (data, q, ctx) => metricEventsEndpoint(data.seed, data, q, ctx)],
  ["ticket_audits", audits],
  ...SUPPORT_LISTS.map(
    (list) =>
      [
        list.path ?? list.name,
        (data: SupportData, q: URLSearchParams, ctx: SupportRouteContext) =>
          listPage(data, registeredList(list), list.path ?? list.name, q, ctx),
      ] as const,
  ),
  ...Object.entries(LISTS).map(
    ([name, spec]) =>
      [
        name,
        (data: SupportData, q: URLSearchParams, ctx: SupportRouteContext) =>
          listPage(data, spec, name, q, ctx),
      ] as const,
  ),
]);

/** The endpoint name of a path under /api/v2/ ("groups.json" → "groups"), or null if unknown. */
export function supportEndpointName(rest: string): string | null {
  const name = rest.replace(/\/+$/, "").replace(/\.json$/, "");
  if (TICKET_METRICS.test(name)) return "tickets/{id}/metrics";
  if (CONVERSATION_LOG.test(name)) return "tickets/{id}/conversation_log";
  return ENDPOINTS.has(name) || name === "users/me" ? name : null;
}

/** `tickets/{ticket_id}/metrics`: the one ticket's metric (archived tickets too; deleted → 404). */
const TICKET_METRICS = /^tickets\/(\d+)\/metrics$/;

function ticketMetric(data: SupportData, query: URLSearchParams, ctx: SupportRouteContext): ApiResponse {
  const bad = checkParams(query, []);
  if (bad) return bad;
  const id = Number(TICKET_METRICS.exec((ctx.path ?? "").replace(/\/+$/, "").replace(/\.json$/, ""))?.[1]);
  const ticket = data.ticket(id);
  if (!ticket || ticket.status === "deleted")
    return { status: 404, body: { error: "RecordNotFound", description: "Not found" } };
  return ok({ ticket_metric: data.metricRecord(ticket) });
}

export function routeSupport(
  data: SupportData,
  endpoint: string,
  query: URLSearchParams,
  ctx: SupportRouteContext,
): ApiResponse {
  const handler =
    endpoint === "tickets/{id}/metrics"
      ? ticketMetric
      : endpoint === "tickets/{id}/conversation_log"
        ? conversationLogEndpoint
        : ENDPOINTS.get(endpoint);
  if (!handler) return supportNotFound();
  return handler(data, query, ctx);
}
