import { type Paging, singlePage } from "../../engine/paginator.js";
import { Stream } from "../../engine/stream.js";
import type { JsonObject } from "../../protocol/messages.js";
import { zendeskPaging } from "../../zendesk/paging.js";
import { topLevelArray, underKey } from "../extractors.js";

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

/**
 * An incremental export, `GET incremental/<name>`: records under `<name>`, keyed by `id`, a datetime
 * cursor, start_time in seconds (agent_timeline overrides the paging: microseconds), and the full
 * field set asked for (`fields=<name>(*)`: without it the chats export returns little more than ids;
 * for the newer exports it is the safe path, see the API notes).
 */
export abstract class ExportStream extends Stream {
  get path(): string {
    return `incremental/${this.name}`;
  }
  readonly primaryKey = ["id"];
  readonly pagination: Paging = exportPagination("seconds");
  readonly cursorKind = "datetime";
  get query(): Record<string, string> {
    return { fields: `${this.name}(*)` };
  }
  extract(body: unknown): JsonObject[] {
    return underKey(this.name)(body);
  }
}

/** agents, bans: read by `since_id` (ascending ids), the id as the cursor. */
export abstract class SinceIdStream extends Stream {
  readonly primaryKey = ["id"];
  readonly pagination = sinceIdPagination;
  readonly cursorField = "id";
  readonly cursorKind = "id";
}
