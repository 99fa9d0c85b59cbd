import type { NextPage, PageContext, UrlResolver } from "../../engine/paginator.js";
import { samePage } from "../../engine/paginator.js";
import { SystemError } from "../../protocol/errors.js";
import { isObject } from "../../protocol/input-files.js";
import type { JsonObject } from "../../protocol/messages.js";
import {
  exportStartTooRecent,
  minAgeMicros,
  startTimeOf,
  startTooRecent,
  ZendeskPaginator,
} from "./zendesk-paginator.js";

const END: NextPage = { end: true };

/**
 * An incremental export (e.g. Zendesk's: chats, agent_timeline and any later export).
 *
 * The real API sends `next_page` on every page, the last one included, and pages shorter than
 * `limit` while more data remains (200 agent_timeline entries with limit=1000). So `next_page` is
 * followed as given whatever its parameters (an opaque cursor too) when it points into the API, with
 * `end_time`/`end_id` as the fallback; and only a page with no records ends the export — or a page
 * that points back at itself bringing nothing new (an inclusive `start_time` without `start_id`
 * returns the boundary entries again), or a next start the API would refuse as too recent
 * (`minStartAgeSeconds`).
 */
export class IncrementalExportPaginator extends ZendeskPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly timeUnit: "seconds" | "microseconds",
    private readonly minStartAgeSeconds: number,
    private readonly urls: UrlResolver,
    private readonly endOfStreamFlag?: string,
    private readonly pageSizeParam = "limit",
  ) {
    super();
  }

  /** The youngest start we ask for: the API's minimum age, plus a margin when there is one. */
  private get minAgeMicros(): number {
    return minAgeMicros(this.minStartAgeSeconds);
  }

  override refusedAsTooRecent(
    error: { status: number; serverDate: number | undefined },
    startMicros?: number,
  ): boolean {
    return this.minStartAgeSeconds > 0 && exportStartTooRecent(error, startMicros, this.minStartAgeSeconds);
  }

  firstQuery(start: number | undefined, nowMicros: number) {
    const startMicros = start ?? 0;
    if (this.minStartAgeSeconds > 0 && startMicros > nowMicros - this.minAgeMicros) return undefined;
    const startTime = this.timeUnit === "seconds" ? Math.floor(startMicros / 1e6) : startMicros;
    return { start_time: startTime, [this.pageSizeParam]: this.pageSize };
  }

  override startOf(url: URL): number | undefined {
    // By magnitude, not by the unit we send: the API's own next_page may carry another unit (the
    // docs disagree on seconds vs microseconds), and misreading µs as seconds looks like the future.
    return startTimeOf(url);
  }

  protected choose(page: PageContext, nowMicros: number): NextPage {
    const { url, body, count } = page;
    const envelope = isObject(body) ? body : {};
    if (typeof envelope.count === "number" && envelope.count !== count) {
      this.warnings.push(
        `The API said count=${envelope.count} but sent ${count} records on ${url.pathname}; going by the records.`,
      );
    }
    if (count === 0) return END;
    // The API says this was the last page (Zendesk Support's time exports): its next_page would only
    // read the boundary items again.
    if (this.endOfStreamFlag && envelope[this.endOfStreamFlag] === true) return END;
    const linked = this.nextUrl(url, envelope);
    if (linked === undefined) {
      const nextPage = envelope.next_page;
      const missing =
        typeof nextPage === "string" && nextPage !== ""
          ? "a next_page outside the API and no end_time"
          : `${nextPage === null ? "next_page: null" : "no next_page"} and no end_time`;
      const derived = this.fromNewest(page, missing, this.timeUnit);
      if (!("url" in derived)) return derived;
      return this.tooRecent(derived.url, nowMicros) ?? derived;
    }
    const next = linked;
    this.refuseLoop(url, next);
    const from = this.startOf(url);
    const to = this.startOf(next);
    // The export only moves forward. A cursor before this page's start would re-read (and re-emit)
    // everything since, or loop; read this page again instead, to get a sane cursor. (Compared only
    // when both URLs carry a start_time: an opaque cursor says nothing about time.)
    if (from !== undefined && to !== undefined && to < from) {
      return this.reread(
        page,
        `The API's next page on ${url.pathname} goes back to start_time=${next.searchParams.get("start_time")}, before this page's ${url.searchParams.get("start_time")}; reading this page again instead.`,
      );
    }
    // A full page of one second whose next page starts at that same second (Zendesk Support's time
    // exports, when more than a page of items share it): the API cannot page past them, and ending
    // on the repeat would drop the rest of that second and everything after it without a word.
    if (
      this.endOfStreamFlag &&
      from !== undefined &&
      to === from &&
      count >= this.pageSize &&
      page.oldestMicros !== undefined &&
      page.oldestMicros === page.newestMicros
    ) {
      throw new SystemError(
        `More than ${this.pageSize} records of ${url.pathname} share one second (start_time ${url.searchParams.get("start_time")}): the export cannot page past them (a limit of the API), so the read stops here rather than skip them.`,
      );
    }
    if (samePage(next) === samePage(url)) {
      // A page pointing at itself. With nothing new on it and nothing older than its start, it is the
      // end (the boundary entries of an inclusive start_time, returned again). Records older than the
      // start mean a stale copy of an earlier page: ask again.
      const stale = from !== undefined && page.oldestMicros !== undefined && page.oldestMicros < from;
      if (page.fresh === 0 && !stale) return END;
      return this.reread(
        page,
        `The API answered ${url.pathname} with a page pointing back at itself${stale ? " holding older records (a stale copy?)" : ""}; reading it again.`,
      );
    }
    return this.tooRecent(next, nowMicros) ?? { url: next };
  }

  /** The end, when a next page would start too recently for the API (it refuses such a start). */
  private tooRecent(next: URL, nowMicros: number): NextPage | undefined {
    return startTooRecent(next, nowMicros, this.minStartAgeSeconds);
  }

  /** The API's way on: its next_page, or end_time/end_id; undefined when it gave none usable. */
  private nextUrl(url: URL, envelope: JsonObject): URL | undefined {
    const nextPage =
      typeof envelope.next_page === "string" && envelope.next_page !== "" ? envelope.next_page : undefined;
    if (nextPage && this.urls.isApiUrl(nextPage)) return this.urls.resolve(nextPage);
    const endTime = envelope.end_time;
    if (typeof endTime !== "number" && typeof endTime !== "string") return undefined;
    if (nextPage) {
      // e.g. a next_page on the legacy www.zopim.com host: page on from end_time/end_id instead.
      this.warnings.push(`Ignoring a next_page outside the API base URL on ${url.pathname}; using end_time.`);
    }
    const endId =
      typeof envelope.end_id === "string" || typeof envelope.end_id === "number"
        ? String(envelope.end_id)
        : undefined;
    const next = this.urls.resolve(url.href, { start_time: String(endTime) });
    if (endId === undefined) next.searchParams.delete("start_id");
    else next.searchParams.set("start_id", endId);
    return next;
  }
}
