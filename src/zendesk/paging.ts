import { LoopGuardedPaginator, type Paginator, type Paging, type UrlResolver } from "../engine/paginator.js";
import { CursorExportPaginator } from "./paginators/cursor-export.js";
import { CursorListPaginator } from "./paginators/cursor-list.js";
import { IncrementalExportPaginator } from "./paginators/incremental-export.js";
import { NextPageListPaginator } from "./paginators/next-page-list.js";
import { SinceIdPaginator } from "./paginators/since-id.js";

export { exportStartTooRecent } from "./paginators/zendesk-paginator.js";

/*
 * The paging styles of Zendesk's APIs (Chat and Support share them), as paginators of the engine kit.
 * A stream declares one with `zendeskPaging({ kind: … })`.
 */

export type ZendeskPagination =
  /** `since_id` (inclusive) + `limit`; next page starts at the last id + 1; an empty page ends it. */
  | { kind: "since_id"; pageSize: number }
  /**
   * An incremental export: `start_time` (+ `start_id`) + `limit`; follows `next_page` as given
   * (falling back to `end_time`/`end_id`); only an empty page ends it. `timeUnit` is the unit of
   * `start_time`/`end_time`. `minStartAgeSeconds`: the API refuses a `start_time` younger than this
   * (0 = no minimum); the export stops before such a start and the next sync reads the rest.
   */
  | {
      kind: "incremental_export";
      pageSize: number;
      timeUnit: "seconds" | "microseconds";
      minStartAgeSeconds: number;
      /**
       * The body says when the export is done (`end_of_stream: true`, Zendesk Support's time-based
       * exports): that page ends it, even when it is not empty. Without it only an empty page does.
       */
      endOfStreamFlag?: string;
      /** The page-size parameter's name (default `limit`; Zendesk Support's exports: `per_page`). */
      pageSizeParam?: string;
    }
  /**
   * A cursor-based export: `start_time` (epoch seconds) + `per_page` on the first request, then the
   * `after_url` (or `cursor=<after_cursor>`) the API returns, until a page says `end_of_stream`.
   * Records come in cursor order, so each page is a checkpoint. `minStartAgeSeconds` as above.
   */
  | { kind: "cursor_export"; pageSize: number; minStartAgeSeconds: number }
  /**
   * A cursor-paginated list (`page[size]`, then `links.next` while `meta.has_more`), in no particular
   * cursor order (`order: "any"`: incremental reads filter on the cursor client-side and checkpoint
   * once, at the end) or newest first (`order: "newest_first"`: the read also stops at the first
   * page reaching below its start).
   */
  | { kind: "cursor_list"; pageSize: number; order: "any" | "newest_first" }
  /**
   * A list answered whole or in linked offset pages (`next_page` until null, checked against
   * `count`), asked for with no paging parameters: for endpoints documented without any.
   */
  | { kind: "next_page_list" };

/** A Zendesk paging style as the engine's {@link Paging}: its traits and its paginator. */
export function zendeskPaging(pagination: ZendeskPagination): Paging {
  return {
    kind: pagination.kind,
    paginator: (urls, stickyQuery) => createPaginator(pagination, urls, stickyQuery),
    // The exports start at a point in time; so does a newest-first list (it stops below its start).
    startsAtTime:
      pagination.kind === "incremental_export" ||
      pagination.kind === "cursor_export" ||
      (pagination.kind === "cursor_list" && pagination.order === "newest_first"),
    inCursorOrder: pagination.kind !== "cursor_list" && pagination.kind !== "next_page_list",
    minStartAgeSeconds:
      pagination.kind === "incremental_export" || pagination.kind === "cursor_export"
        ? pagination.minStartAgeSeconds
        : 0,
  };
}

/** A paginator of `pagination`; `stickyQuery` is set again on every next page (see Paging). */
export function createPaginator(
  pagination: ZendeskPagination,
  urls: UrlResolver,
  stickyQuery?: Record<string, string>,
): Paginator {
  const paginator = paginatorOf(pagination, urls);
  if (paginator instanceof LoopGuardedPaginator) paginator.stickyQuery = stickyQuery;
  return paginator;
}

function paginatorOf(pagination: ZendeskPagination, urls: UrlResolver): Paginator {
  switch (pagination.kind) {
    case "since_id":
      return new SinceIdPaginator(pagination.pageSize, urls);
    case "incremental_export":
      return new IncrementalExportPaginator(
        pagination.pageSize,
        pagination.timeUnit,
        pagination.minStartAgeSeconds,
        urls,
        pagination.endOfStreamFlag,
        pagination.pageSizeParam,
      );
    case "cursor_export":
      return new CursorExportPaginator(pagination.pageSize, pagination.minStartAgeSeconds, urls);
    case "cursor_list":
      return new CursorListPaginator(pagination.pageSize, pagination.order, urls);
    case "next_page_list":
      return new NextPageListPaginator(urls);
  }
}
