/** Maps a path under /api/v2/chat/ to the resource handlers. */
import { isoMicros } from "../clock.js";
import { BanStore } from "../data/bans.js";
import type { ChatRef } from "../data/chat-index.js";
import type { Dataset } from "../data/dataset.js";
import { type TimelineEntry, TimelineStore } from "../data/timeline.js";
import { type ApiResponse, notFound, ok } from "../errors.js";
import { idPage } from "./id-paged.js";
import { type IncrementalFault, type IncrementalSource, incrementalPage } from "./incremental.js";

export interface RouteContext {
  /** "http://127.0.0.1:PORT/api/v2/chat" */
  baseUrl: string;
  nextPageAlways: boolean;
  /** A data-shaped fault to apply to this response. */
  fault?: IncrementalFault;
}

export const INCREMENTAL_ENDPOINTS = new Set(["incremental/chats", "incremental/agent_timeline"]);

function chatSource(data: Dataset): IncrementalSource<ChatRef> {
  return {
    key: "chats",
    unitsPerSecond: 1,
    scan: (startTime, startId) => data.chats.scan(startTime, startId),
    time: (c) => c.ts,
    id: (c) => c.id,
    full: (c) => data.chatRecord(c),
    minimal: (c) => ({ id: c.id }),
  };
}

function timelineSource(data: Dataset): IncrementalSource<TimelineEntry> {
  const entries = data.timeline.entries;
  return {
    key: "agent_timeline",
    unitsPerSecond: 1_000_000,
    scan(startTime, startId) {
      // Entries are sorted by (start_time, agent_id); binary-search the cursor.
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const e = entries[mid] as TimelineEntry;
        const key = TimelineStore.key(e);
        const after =
          e.startUs !== startTime ? e.startUs > startTime : startId === null ? true : key > startId;
        if (after) hi = mid;
        else lo = mid + 1;
      }
      return (function* () {
        for (let i = lo; i < entries.length; i++) yield entries[i] as TimelineEntry;
      })();
    },
    time: (e) => e.startUs,
    id: (e) => TimelineStore.key(e),
    full: (e) => TimelineStore.toRecord(e),
    minimal: (e) => ({ agent_id: e.agentId, start_time: isoMicros(e.startUs) }),
  };
}

export function route(
  data: Dataset,
  endpoint: string,
  query: URLSearchParams,
  ctx: RouteContext,
): ApiResponse {
  const empty = ctx.fault === "empty";
  switch (endpoint) {
    case "incremental/chats":
    case "incremental/agent_timeline": {
      const source = endpoint === "incremental/chats" ? chatSource(data) : timelineSource(data);
      return incrementalPage(source as IncrementalSource<unknown>, query, {
        nowMs: data.clock.nowMs(),
        endpointUrl: `${ctx.baseUrl}/${endpoint}`,
        nextPageAlways: ctx.nextPageAlways,
        fault: ctx.fault,
      });
    }
    case "agents": {
      const page = idPage(data.agents.agents, query, 100);
      if (!page.ok) return page.response;
      return ok(empty ? [] : page.page.map((a) => data.agents.toRecord(a)));
    }
    case "bans": {
      // Page over the combined id sequence first, then split by kind, like the real API.
      const page = idPage(data.bans.bans, query, 10);
      if (!page.ok) return page.response;
      const records = empty ? [] : page.page.map((b) => BanStore.toRecord(b));
      return ok({
        ip_address: records.filter((r) => r.type === "ip_address"),
        visitor: records.filter((r) => r.type === "visitor"),
      });
    }
    case "account":
      return ok(empty ? {} : data.accountRecord());
    case "routing_settings/account":
      return ok({ data: empty ? {} : [...data.records("routing_settings")][0] });
    case "departments":
    case "goals":
    case "roles":
    case "shortcuts":
    case "skills":
    case "triggers":
      return ok(empty ? [] : [...data.records(endpoint)]);
    default:
      return notFound();
  }
}
