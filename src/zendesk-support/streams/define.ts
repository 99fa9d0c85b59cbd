import { underKey } from "../../engine/extractors.js";
import type { Paging } from "../../engine/paginator.js";
import { Stream } from "../../engine/stream.js";
import type { JsonObject } from "../../protocol/messages.js";
import { zendeskPaging } from "../../zendesk/paging.js";
import { SUPPORT_API } from "../api.js";

/**
 * Items changed within the last minute are left out of the exports (and a start_time that recent is
 * refused): the read stops before it, and the next sync reads them.
 */
const EXPORT_MIN_AGE_SECONDS = 60;

/** A Zendesk Support stream: read with the Support client (own base URL, credentials and budget). */
export abstract class SupportStream extends Stream {
  readonly api = SUPPORT_API;
  /** The key of the records' array in the response body (`tickets`, `audits`, …). */
  protected abstract readonly itemsKey: string;
  extract(body: unknown): JsonObject[] {
    return underKey(this.itemsKey)(body);
  }
}

/** tickets, users: the cursor-based export (`after_url` until `end_of_stream`), 1000 a page. */
export const cursorExport = zendeskPaging({
  kind: "cursor_export",
  pageSize: 1000,
  minStartAgeSeconds: EXPORT_MIN_AGE_SECONDS,
});

/** organizations: the time-based export (`next_page` until `end_of_stream`), 1000 a page. */
export const timeExport = zendeskPaging({
  kind: "incremental_export",
  pageSize: 1000,
  pageSizeParam: "per_page",
  timeUnit: "seconds",
  minStartAgeSeconds: EXPORT_MIN_AGE_SECONDS,
  endOfStreamFlag: "end_of_stream",
});

/** A cursor-paginated list at its largest page (100; offset paging is refused past 100 pages). */
export function cursorList(order: "any" | "newest_first" = "any"): Paging {
  return zendeskPaging({ kind: "cursor_list", pageSize: 100, order });
}

/** A list documented without paging parameters: read whole, following any `next_page` it links. */
export const nextPageList = zendeskPaging({ kind: "next_page_list" });

/**
 * A list read in full every sync and filtered on `updated_at` client-side (the list endpoints have no
 * time filter): state is written once, after the last page. Reference data (groups, fields, macros)
 * unless `readsAllHistory` is set false: the start date does not apply.
 */
export abstract class UpdatedAtListStream extends SupportStream {
  readonly primaryKey = ["id"];
  readonly pagination = cursorList();
  readonly cursorField = "updated_at";
  readonly cursorKind = "datetime";
  readonly readsAllHistory: boolean = true;
}
