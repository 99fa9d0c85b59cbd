import { type Paging, singlePage } from "../../engine/paginator.js";
import { Stream } from "../../engine/stream.js";
import type { JsonObject } from "../../protocol/messages.js";
import { zendeskPaging } from "../../zendesk/paging.js";
import { topLevelArray } from "../extractors.js";

/** The common case: `GET <path>` returns every record as a top-level array, keyed by `id`. */
export abstract class ListStream extends Stream {
  readonly primaryKey = ["id"];
  readonly pagination = singlePage;
  extract(body: unknown): JsonObject[] {
    return topLevelArray(body);
  }
}

/**
 * The Zendesk Chat incremental export's paging (chats, agent_timeline and the newer exports). The
 * export answers 400 to a start_time less than five minutes old.
 */
export function exportPagination(timeUnit: "seconds" | "microseconds"): Paging {
  return zendeskPaging({ kind: "incremental_export", pageSize: 1000, timeUnit, minStartAgeSeconds: 5 * 60 });
}

/** agents, bans: `since_id` + `limit`, 1000 a page (ids ascend). */
export const sinceIdPagination = zendeskPaging({ kind: "since_id", pageSize: 1000 });
