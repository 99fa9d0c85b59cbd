import type { NextPage, PageContext, UrlResolver } from "../../engine/paginator.js";
import { isObject } from "../../protocol/input-files.js";
import {
  exportStartTooRecent,
  minAgeMicros,
  startTimeOf,
  startTooRecent,
  ZendeskPaginator,
} from "./zendesk-paginator.js";

const END: NextPage = { end: true };

/**
 * A cursor-based export (Zendesk Support's tickets and users): the first request carries
 * `start_time`, every later one the opaque cursor the API returned (`after_url`, or `after_cursor`
 * as `cursor=`). `end_of_stream: true` is the only end: an empty page without it is followed (the
 * export may skip a stretch of filtered items), a page shorter than `per_page` says nothing.
 */
export class CursorExportPaginator extends ZendeskPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly minStartAgeSeconds: number,
    private readonly urls: UrlResolver,
  ) {
    super();
  }

  firstQuery(start: number | undefined, nowMicros: number) {
    const startMicros = start ?? 0;
    if (this.minStartAgeSeconds > 0 && startMicros > nowMicros - minAgeMicros(this.minStartAgeSeconds))
      return undefined;
    return { start_time: Math.floor(startMicros / 1e6), per_page: this.pageSize };
  }

  override startOf(url: URL): number | undefined {
    return startTimeOf(url);
  }

  override refusedAsTooRecent(
    error: { status: number; serverDate: number | undefined },
    startMicros?: number,
  ): boolean {
    return this.minStartAgeSeconds > 0 && exportStartTooRecent(error, startMicros, this.minStartAgeSeconds);
  }

  protected choose(page: PageContext, nowMicros: number): NextPage {
    const { url, body } = page;
    const envelope = isObject(body) ? body : {};
    if (envelope.end_of_stream === true) return END;
    const afterUrl = envelope.after_url;
    if (typeof afterUrl === "string" && afterUrl !== "" && this.urls.isApiUrl(afterUrl))
      return { url: this.urls.resolve(afterUrl) };
    const afterCursor = envelope.after_cursor;
    if (typeof afterCursor === "string" && afterCursor !== "") {
      const next = this.urls.resolve(url.href, { cursor: afterCursor, per_page: this.pageSize });
      // The cursor replaces the start: the API takes one or the other.
      next.searchParams.delete("start_time");
      return { url: next };
    }
    // No cursor to go on from: the export also takes a start_time (inclusive), so the read goes on
    // from the page's newest record, as a first request would.
    const derived = this.fromNewest(page, "no end_of_stream and no after_url or after_cursor", "seconds");
    if (!("url" in derived)) return derived;
    return startTooRecent(derived.url, nowMicros, this.minStartAgeSeconds) ?? derived;
  }
}
