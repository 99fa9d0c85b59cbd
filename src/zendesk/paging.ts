import {
  describeAge,
  LoopGuardedPaginator,
  type NextPage,
  type PageContext,
  type Paginator,
  type Paging,
  samePage,
  type UrlResolver,
} from "../engine/paginator.js";
import { toEpochMicros } from "../engine/timestamps.js";
import { SystemError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";

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
  | { kind: "cursor_list"; pageSize: number; order: "any" | "newest_first" };

/** A Zendesk paging style as the engine's {@link Paging}: its traits and its paginator. */
export function zendeskPaging(pagination: ZendeskPagination): Paging {
  return {
    kind: pagination.kind,
    paginator: (urls) => createPaginator(pagination, urls),
    // The exports start at a point in time; so does a newest-first list (it stops below its start).
    startsAtTime:
      pagination.kind === "incremental_export" ||
      pagination.kind === "cursor_export" ||
      (pagination.kind === "cursor_list" && pagination.order === "newest_first"),
    inCursorOrder: pagination.kind !== "cursor_list",
    minStartAgeSeconds:
      pagination.kind === "incremental_export" || pagination.kind === "cursor_export"
        ? pagination.minStartAgeSeconds
        : 0,
  };
}

export function createPaginator(pagination: ZendeskPagination, urls: UrlResolver): Paginator {
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
  }
}

const END: NextPage = { end: true };

/**
 * agents, bans: ids ascend; `since_id` is inclusive, so the next page starts at the last id + 1.
 * Only an empty page ends the list: a page shorter than `limit` says nothing about what follows.
 */
class SinceIdPaginator extends LoopGuardedPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly urls: UrlResolver,
  ) {
    super();
  }

  firstQuery(start: number | undefined): Record<string, number> {
    return start ? { since_id: start, limit: this.pageSize } : { limit: this.pageSize };
  }

  override floorOf(url: URL): number | undefined {
    const raw = url.searchParams.get("since_id");
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
  }

  protected choose(page: PageContext): NextPage {
    const { url, count, maxId } = page;
    if (count === 0) return END;
    if (maxId === undefined || !Number.isFinite(maxId))
      throw new SystemError(`Records of ${url.pathname} carry no numeric id to page on.`);
    const current = Number(url.searchParams.get("since_id") ?? 0);
    if (maxId + 1 <= current) {
      // Ids before the since_id asked for: a stale or repeated page. Its records were already read
      // (the engine skips them); read this page again rather than go backwards.
      return this.reread(
        page,
        `The API answered since_id ${current} on ${url.pathname} with ids up to ${maxId} only (a repeated page?); reading it again.`,
      );
    }
    return { url: this.urls.resolve(url.href, { since_id: maxId + 1, limit: this.pageSize }) };
  }
}

// A margin on the minimum start age for clock estimates (our view of the server clock comes from
// whole-second Date headers).
const CLOCK_MARGIN_MICROS = 10 * 1_000_000;

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
class IncrementalExportPaginator extends LoopGuardedPaginator {
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
    const next = this.nextUrl(url, envelope);
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
    if (this.minStartAgeSeconds > 0 && to !== undefined && to > nowMicros - this.minAgeMicros) {
      return {
        end: true,
        reason: `the rest of the export is less than ${describeAge(this.minStartAgeSeconds)} old (the API refuses it); the next sync reads it.`,
      };
    }
    return { url: next };
  }

  private nextUrl(url: URL, envelope: JsonObject): URL {
    const nextPage =
      typeof envelope.next_page === "string" && envelope.next_page !== "" ? envelope.next_page : undefined;
    if (nextPage && this.urls.isApiUrl(nextPage)) return this.urls.resolve(nextPage);
    const endTime = envelope.end_time;
    if (typeof endTime !== "number" && typeof endTime !== "string") {
      throw new SystemError(
        nextPage
          ? `The next_page of ${url.pathname} points outside the API and the page has no end_time to continue from.`
          : `A page of ${url.pathname} came without next_page or end_time; cannot continue.`,
      );
    }
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

/** The youngest start asked for: the API's minimum age, plus a margin for our clock estimate. */
function minAgeMicros(minStartAgeSeconds: number): number {
  return minStartAgeSeconds > 0 ? minStartAgeSeconds * 1_000_000 + CLOCK_MARGIN_MICROS : 0;
}

/** An epoch-seconds `start_time` query parameter, read by magnitude; undefined when absent. */
function startTimeOf(url: URL): number | undefined {
  const raw = url.searchParams.get("start_time");
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return toEpochMicros(Number(raw));
}

/**
 * A cursor-based export (Zendesk Support's tickets and users): the first request carries
 * `start_time`, every later one the opaque cursor the API returned (`after_url`, or `after_cursor`
 * as `cursor=`). `end_of_stream: true` is the only end: an empty page without it is followed (the
 * export may skip a stretch of filtered items), a page shorter than `per_page` says nothing.
 */
class CursorExportPaginator extends LoopGuardedPaginator {
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

  protected choose(page: PageContext): NextPage {
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
    throw new SystemError(
      `A page of ${url.pathname} came without end_of_stream and without an after_url or after_cursor to continue from.`,
    );
  }
}

/**
 * A cursor-paginated list (`page[size]`, `links.next`, `meta.has_more`). Only `has_more: false`
 * ends it (an empty page that says more follows is followed). Newest-first lists also end at the
 * first page that reaches below the start: everything after it is older still.
 */
class CursorListPaginator extends LoopGuardedPaginator {
  private start: number | undefined;
  /** The oldest value read so far, to check that a newest-first list really comes in that order. */
  private oldestSoFar: number | undefined;
  private outOfOrder = false;

  constructor(
    private readonly pageSize: number,
    private readonly order: "any" | "newest_first",
    private readonly urls: UrlResolver,
  ) {
    super();
  }

  firstQuery(start: number | undefined) {
    this.start = start;
    return { "page[size]": this.pageSize };
  }

  protected choose(page: PageContext): NextPage {
    const { url, body } = page;
    const envelope = isObject(body) ? body : {};
    const meta = isObject(envelope.meta) ? envelope.meta : {};
    if (this.order === "newest_first" && this.reachedStart(page)) return END;
    if (meta.has_more !== true) return END;
    const links = isObject(envelope.links) ? envelope.links : {};
    if (typeof links.next === "string" && links.next !== "" && this.urls.isApiUrl(links.next))
      return { url: this.urls.resolve(links.next) };
    if (typeof meta.after_cursor === "string" && meta.after_cursor !== "")
      return { url: this.urls.resolve(url.href, { "page[after]": meta.after_cursor }) };
    throw new SystemError(
      `A page of ${url.pathname} says has_more but gives no links.next or meta.after_cursor to continue from.`,
    );
  }

  /**
   * True when a newest-first list has gone below the start: the rest is older. Only while the pages
   * keep that order: a page newer than one before it means the API does not sort as documented, and
   * stopping early would lose records, so the list is then read to its end.
   */
  private reachedStart(page: PageContext): boolean {
    const { oldestMicros, newestMicros } = page;
    if (!this.outOfOrder && newestMicros !== undefined && this.oldestSoFar !== undefined) {
      if (newestMicros > this.oldestSoFar) {
        this.outOfOrder = true;
        this.warnings.push(
          `${page.url.pathname} is not in newest-first order as documented; reading it to the end instead of stopping at the start.`,
        );
      }
    }
    if (oldestMicros !== undefined && (this.oldestSoFar === undefined || oldestMicros < this.oldestSoFar))
      this.oldestSoFar = oldestMicros;
    return (
      !this.outOfOrder && this.start !== undefined && oldestMicros !== undefined && oldestMicros < this.start
    );
  }
}

/**
 * The export answers 400 to a start_time younger than `minAgeSeconds` by *its* clock. When our
 * estimate of that clock was off, the 400 carries the server's Date: if it confirms the start is that
 * recent, there is simply nothing to read yet.
 */
export function exportStartTooRecent(
  error: { status: number; serverDate: number | undefined },
  startMicros: number | undefined,
  minAgeSeconds: number,
) {
  if (error.status !== 400 || error.serverDate === undefined || startMicros === undefined) return false;
  return startMicros > error.serverDate * 1000 - minAgeSeconds * 1_000_000;
}
