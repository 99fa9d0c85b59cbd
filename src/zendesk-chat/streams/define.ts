import type { JsonObject } from "../../protocol/messages.js";
import { type Pagination, Stream } from "../../source/stream.js";
import { topLevelArray } from "../extractors.js";

/** The common case: `GET <path>` returns every record as a top-level array, keyed by `id`. */
export abstract class ListStream extends Stream {
  readonly primaryKey = ["id"];
  readonly pagination = { kind: "none" } as const;
  extract(body: unknown): JsonObject[] {
    return topLevelArray(body);
  }
}

/**
 * The Zendesk Chat incremental export's paging (chats, agent_timeline and the newer exports). The
 * export answers 400 to a start_time less than five minutes old.
 */
export function exportPagination(timeUnit: "seconds" | "microseconds"): Pagination {
  return { kind: "incremental_export", pageSize: 1000, timeUnit, minStartAgeSeconds: 5 * 60 };
}
