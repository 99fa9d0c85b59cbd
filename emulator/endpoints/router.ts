/**
 * Maps a path under /api/v2/chat/ to the resource handlers. Only the documented endpoints and
 * their documented parameters are served; anything else is a 400 "unexpected request", so a
 * client bug shows up as an error (and in Emulator.unexpectedRequests) instead of passing.
 */
import { isoMicros } from "../clock.js";
import { BanStore } from "../data/bans.js";
import type { ChatRef } from "../data/chat-index.js";
import type { Dataset } from "../data/dataset.js";
import type { ExportItem, ExportName } from "../data/exports.js";
import { CHAT_LISTS } from "../data/lists/index.js";
import type { ChatList, JsonRecord } from "../data/lists/list.js";
import { type TimelineEntry, TimelineStore } from "../data/timeline.js";
import { type ApiResponse, badRequest, ok } from "../errors.js";
import { checkParams } from "../params.js";
import { hash, hashString } from "../random.js";
import type { BansPaging, PagingMode, TimelineBoundary } from "../types.js";
import { idPage } from "./id-paged.js";
import {
  decodeOpaqueCursor,
  type ExportPaging,
  type IncrementalFault,
  type IncrementalSource,
  incrementalPage,
} from "./incremental.js";

export interface PagingConfig {
  mode: PagingMode;
  timelineBoundary: TimelineBoundary;
  /** next_page carries an opaque `cursor` token instead of start_time/start_id. */
  opaqueCursor: boolean;
  /** Deprecated: "ideal" mode only, next_page on the last page too. */
  nextPageAlways: boolean;
  /** How bans applies since_id/limit: to each list apart, or to one id sequence. */
  bans: BansPaging;
}

export interface RouteContext {
  /** "http://127.0.0.1:PORT/api/v2/chat" */
  baseUrl: string;
  paging: PagingConfig;
  /** A data-shaped fault to apply to this response. */
  fault?: IncrementalFault;
}

export const INCREMENTAL_ENDPOINTS = new Set([
  "incremental/chats",
  "incremental/agent_timeline",
  "incremental/conversions",
  "incremental/department_events",
  "incremental/agent_events",
]);

/** The live agent_timeline export never sent more than this per page (reference §14). */
export const TIMELINE_PAGE_MAX = 200;

/** Seconds values are ~1.8e9 today; anything from 1e11 up is milliseconds or microseconds. */
const MAX_EPOCH_SECONDS = 1e11;
/** Microsecond values are ~1.8e15 today; below 1e14 (1973) it is seconds or milliseconds. */
const MIN_EPOCH_MICROS = 1e14;

function idealPaging(nextPageAlways: boolean): ExportPaging {
  return { pageSize: (limit) => limit, withId: true, nextPageAlways };
}

/**
 * Real chats pages: about one in three, chosen by a hash of the cursor (so a repeated request
 * gets the same page), holds only 20–70 % of the limit. Never empty while data remains.
 */
export function chatPageSize(seed: number, limit: number, startTime: number, startId: string | null): number {
  const h = hash(seed ^ 0x5407, startTime, startId === null ? 0 : hashString(startId));
  if (h % 3 !== 0) return limit;
  const fraction = 0.2 + 0.5 * ((h >>> 8) / 2 ** 24);
  return Math.max(1, Math.floor(limit * fraction));
}

function chatSource(data: Dataset, paging: PagingConfig): IncrementalSource<ChatRef> {
  return {
    key: "chats",
    unitsPerSecond: 1,
    checkUnit: (t) =>
      t >= MAX_EPOCH_SECONDS
        ? `start_time: must be a Unix epoch time in seconds for chats; ${t} looks like milliseconds or microseconds`
        : null,
    scan: (startTime, startId) => data.chats.scan(startTime, startId),
    time: (c) => c.ts,
    id: (c) => c.id,
    full: (c) => data.chatRecord(c),
    minimal: (c) => ({ id: c.id }),
    paging:
      paging.mode === "real"
        ? {
            pageSize: (limit, t, id) => chatPageSize(data.seed, limit, t, id),
            withId: true,
            nextPageAlways: true,
          }
        : idealPaging(paging.nextPageAlways),
  };
}

/** First index whose entry `isAfter` the cursor (entries are sorted by start time). */
function lowerBound(entries: readonly TimelineEntry[], isAfter: (e: TimelineEntry) => boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(entries[mid] as TimelineEntry)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function timelineScan(data: Dataset, paging: PagingConfig) {
  return (startTime: number, startId: string | null): Iterator<TimelineEntry> => {
    const entries = data.timeline.entries;
    let isAfter: (e: TimelineEntry) => boolean;
    if (paging.mode === "ideal") {
      // (start_time, agent_id) cursor: start_time inclusive, strictly after it with start_id.
      isAfter = (e) =>
        e.startUs !== startTime ? e.startUs > startTime : startId === null || TimelineStore.key(e) > startId;
    } else if (paging.timelineBoundary === "inclusive") {
      isAfter = (e) => e.startUs >= startTime;
    } else {
      isAfter = (e) => e.startUs > startTime;
    }
    const from = lowerBound(entries, isAfter);
    return (function* () {
      for (let i = from; i < entries.length; i++) yield entries[i] as TimelineEntry;
    })();
  };
}

function timelineSource(data: Dataset, paging: PagingConfig): IncrementalSource<TimelineEntry> {
  return {
    key: "agent_timeline",
    unitsPerSecond: 1_000_000,
    checkUnit: (t) =>
      t > 0 && t < MIN_EPOCH_MICROS
        ? `start_time: must be a Unix epoch time in microseconds for agent_timeline; ${t} looks like seconds or milliseconds`
        : null,
    scan: timelineScan(data, paging),
    time: (e) => e.startUs,
    id: (e) => TimelineStore.key(e),
    full: (e) => TimelineStore.toRecord(e),
    minimal: (e) => ({ agent_id: e.agentId, start_time: isoMicros(e.startUs) }),
    paging:
      paging.mode === "real"
        ? {
            pageSize: (limit) => Math.min(limit, TIMELINE_PAGE_MAX),
            withId: false,
            nextPageAlways: true,
          }
        : idealPaging(paging.nextPageAlways),
  };
}

/**
 * conversions, department_events, agent_events: paged exactly like chats (seconds, start_id, end_id,
 * next_page always, some short pages), items ordered by (second, id).
 */
function eventSource(name: ExportName) {
  return (data: Dataset, paging: PagingConfig): IncrementalSource<ExportItem> => {
    const items = data.exports[name].items;
    return {
      key: name,
      unitsPerSecond: 1,
      checkUnit: (t) =>
        t >= MAX_EPOCH_SECONDS
          ? `start_time: must be a Unix epoch time in seconds for ${name}; ${t} looks like milliseconds or microseconds`
          : null,
      scan: (startTime, startId) => {
        let from = 0;
        while (
          from < items.length &&
          ((items[from] as ExportItem).sec < startTime ||
            (startId !== null &&
              (items[from] as ExportItem).sec === startTime &&
              (items[from] as ExportItem).id <= startId))
        )
          from++;
        return (function* () {
          for (let i = from; i < items.length; i++) yield items[i] as ExportItem;
        })();
      },
      time: (item) => item.sec,
      id: (item) => item.id,
      full: (item) => item.record,
      minimal: (item) => ({ id: item.id }),
      paging:
        paging.mode === "real"
          ? {
              pageSize: (limit, t, id) => chatPageSize(data.seed ^ hashString(name), limit, t, id),
              withId: true,
              nextPageAlways: true,
            }
          : idealPaging(paging.nextPageAlways),
    };
  };
}

interface Endpoint {
  /** The documented query parameters; any other is refused. */
  params: readonly string[];
  serve(data: Dataset, query: URLSearchParams, ctx: RouteContext): ApiResponse;
}

const EXPORT_PARAMS = ["fields", "limit", "start_time", "start_id", "cursor"];
const ID_PARAMS = ["since_id", "max_id", "limit"];

function exportEndpoint<T>(
  endpoint: string,
  makeSource: (data: Dataset, paging: PagingConfig) => IncrementalSource<T>,
): Endpoint {
  return {
    params: EXPORT_PARAMS,
    serve: (data, query, ctx) => {
      let effective = query;
      const token = query.get("cursor");
      if (token !== null) {
        // Only a client following our own opaque next_page sends `cursor`, and then nothing else.
        const decoded =
          ctx.paging.opaqueCursor && [...query.keys()].length === 1 ? decodeOpaqueCursor(token) : null;
        if (!decoded)
          return badRequest('unexpected request: parameter "cursor" is not one this export handed out');
        effective = decoded;
      }
      return incrementalPage(makeSource(data, ctx.paging), effective, {
        nowMs: data.clock.nowMs(),
        endpointUrl: `${ctx.baseUrl}/${endpoint}`,
        opaqueCursor: ctx.paging.opaqueCursor,
        fault: ctx.fault,
      });
    },
  };
}

/** A registered list (emulator/data/lists/): whole, or id-paged. */
function listEndpoint(list: ChatList): Endpoint {
  return {
    params: list.sinceId ? ID_PARAMS : [],
    serve: (data, query, ctx) => {
      let records = data.listRecords(list);
      if (list.sinceId) {
        const page = idPage(records as (JsonRecord & { id: number })[], query, list.sinceId.defaultLimit);
        if (!page.ok) return page.response;
        records = page.page;
      }
      const empty = ctx.fault === "empty";
      return ok(list.body ? list.body(records, empty) : empty ? [] : records);
    },
  };
}

const ENDPOINTS = new Map<string, Endpoint>([
  ["incremental/chats", exportEndpoint("incremental/chats", chatSource)],
  ["incremental/agent_timeline", exportEndpoint("incremental/agent_timeline", timelineSource)],
  ["incremental/conversions", exportEndpoint("incremental/conversions", eventSource("conversions"))],
  [
    "incremental/department_events",
    exportEndpoint("incremental/department_events", eventSource("department_events")),
  ],
  ["incremental/agent_events", exportEndpoint("incremental/agent_events", eventSource("agent_events"))],
  [
    "agents",
    {
      params: ID_PARAMS,
      serve(data, query, ctx) {
        const page = idPage(data.agents.agents, query, 100);
        if (!page.ok) return page.response;
        return ok(ctx.fault === "empty" ? [] : page.page.map((a) => data.agents.toRecord(a)));
      },
    },
  ],
  [
    "bans",
    {
      params: ID_PARAMS,
      serve(data, query, ctx) {
        // "per_list": each kind's bans paged apart (up to `limit` of each); "together": the combined
        // id sequence paged first, then split by kind.
        const sequences =
          ctx.paging.bans === "per_list"
            ? [data.bans.ofKind("ip_address"), data.bans.ofKind("visitor")]
            : [data.bans.bans];
        const pages = sequences.map((bans) => idPage(bans, query, 10));
        const records = [];
        for (const page of pages) {
          if (!page.ok) return page.response;
          if (ctx.fault !== "empty") records.push(...page.page.map((b) => BanStore.toRecord(b)));
        }
        return ok({
          ip_address: records.filter((r) => r.type === "ip_address"),
          visitor: records.filter((r) => r.type === "visitor"),
        });
      },
    },
  ],
  [
    "account",
    { params: [], serve: (data, _q, ctx) => ok(ctx.fault === "empty" ? {} : data.accountRecord()) },
  ],
  ...CHAT_LISTS.map((list) => [list.path ?? list.name, listEndpoint(list)] as const),
]);

export function route(
  data: Dataset,
  endpoint: string,
  query: URLSearchParams,
  ctx: RouteContext,
): ApiResponse {
  const spec = ENDPOINTS.get(endpoint);
  // The real API would 404 here; a 404 is what a connector treats as "plan without this
  // feature" and skips quietly, which would hide a wrong path. Fault "404" still gives one.
  if (!spec) return badRequest(`unexpected request: "${endpoint}" is not an endpoint of the Chat API`);
  return checkParams(query, spec.params) ?? spec.serve(data, query, ctx);
}
