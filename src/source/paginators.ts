import { SystemError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";
import type { IdList, Pagination } from "./stream.js";
import { toEpochMicros } from "./timestamps.js";

/**
 * One page as the paginator sees it: the URL read, its parsed body (where the records were read
 * one at a time, with their array left empty) and figures of the records on it.
 */
export interface PageContext {
  url: URL;
  body: unknown;
  /** How many records the page held. */
  count: number;
  /** The highest numeric `id` among them (since_id paging goes on from it). */
  maxId: number | undefined;
  /** Bodies of several id-paged lists (bans): each list's size and last id. */
  lists?: IdList[];
  /** How many of the records were not already emitted (same key, same cursor value) by an earlier page. */
  fresh: number;
  /** The oldest cursor value on the page, epoch µs (incremental exports), when the records carry one. */
  oldestMicros?: number;
  /** The newest cursor value on the page, likewise. */
  newestMicros?: number;
}

/** What to read next: a URL, or the end of the data with the reason (for a log line) when unusual. */
export type NextPage = { url: URL } | { end: true; reason?: string };

export interface Paginator {
  /** The first request's query, or undefined when there is nothing to read yet. */
  firstQuery(start: number | undefined, nowMicros: number): Record<string, string | number> | undefined;
  /** The next page. Throws on a pagination loop. `nowMicros` is the server clock's estimate. */
  next(page: PageContext, nowMicros: number): NextPage;
  /**
   * Epoch µs a request for `url` would start at, for the minimum start age (the export answers 400
   * to a start that recent); undefined when the URL does not say.
   */
  startOf(url: URL): number | undefined;
  /**
   * The lowest cursor value a page read from `url` may carry (since_id paging: its since_id); records
   * below it belong to an earlier page (a stale answer) and are not new.
   */
  floorOf(url: URL): number | undefined;
  /** True when an error answer means the start was too recent for the API: nothing to read yet. */
  refusedAsTooRecent(
    error: { status: number; serverDate: number | undefined },
    startMicros?: number,
  ): boolean;
  /** Warnings about data the API should not have sent, drained by the engine into LOG messages. */
  takeWarnings(): string[];
  /**
   * The highest cursor value a checkpoint may claim after the page just read, whose next page is
   * `next` (undefined: no next page); undefined = no limit. Id-paged lists read out of id order
   * (bans, paged on the lower list) are complete only below the next since_id.
   */
  checkpointUpTo?(next: URL | undefined): number | undefined;
}

export interface PaginatorFactory {
  resolve(target: string, query?: Record<string, string | number | undefined>): URL;
  /** True when an absolute URL (a `next_page`) points into the API this client reads. */
  isApiUrl(target: string): boolean;
}

export function createPaginator(
  pagination: Pagination,
  urls: PaginatorFactory,
  stickyQuery?: Record<string, string>,
): Paginator {
  const paginator = paginatorOf(pagination, urls);
  if (paginator instanceof GuardedPaginator) paginator.stickyQuery = stickyQuery;
  return paginator;
}

function paginatorOf(pagination: Pagination, urls: PaginatorFactory): Paginator {
  switch (pagination.kind) {
    case "none":
      return new SinglePage();
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

/** The minimum age the API demands of an export's start (0 when it has none). */
export function minStartAgeOf(pagination: Pagination): number {
  return pagination.kind === "incremental_export" || pagination.kind === "cursor_export"
    ? pagination.minStartAgeSeconds
    : 0;
}

/** True for the exports: reads that start at a point in time (the start date without state). */
export function startsAtTime(pagination: Pagination): boolean {
  return (
    pagination.kind === "incremental_export" ||
    pagination.kind === "cursor_export" ||
    (pagination.kind === "cursor_list" && pagination.order === "newest_first")
  );
}

const END: NextPage = { end: true };

class SinglePage implements Paginator {
  firstQuery() {
    return {};
  }
  next(): NextPage {
    return END;
  }
  startOf() {
    return undefined;
  }
  floorOf() {
    return undefined;
  }
  refusedAsTooRecent() {
    return false;
  }
  takeWarnings() {
    return [];
  }
}

/**
 * A URL's identity as a page: the same parameters in another order or encoding (our first request
 * vs the API's own next_page for the same cursor) are the same page.
 */
function samePage(url: URL): string {
  const params = [...url.searchParams].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1,
  );
  return `${url.origin}${url.pathname}?${new URLSearchParams(params).toString()}`;
}

/** Consecutive re-reads of one page (a stale answer, a cursor going backwards) before it is a loop. */
const MAX_REREADS = 2;

/**
 * Loop protection shared by the paginators: every URL read is remembered, and a next page that points
 * at any page already read (not only the last one) is a loop, reported as an error rather than
 * followed forever or taken as a silent end. Re-reading the current page is allowed a few times.
 */
abstract class GuardedPaginator implements Paginator {
  protected warnings: string[] = [];
  private readonly visited = new Set<string>();
  private rereads = 0;
  /** The first page's URL: its query (fields, limit…) is the base of a page the API gave no link to. */
  protected firstUrl: URL | undefined;
  /** Pages the API sent without a way on, continued from their own newest cursor value. */
  private unlinkedPages = 0;
  /** Parameters set on every next page (the stream's `stickyQuery`), before any loop check. */
  stickyQuery: Record<string, string> | undefined;

  abstract firstQuery(
    start: number | undefined,
    nowMicros: number,
  ): Record<string, string | number> | undefined;
  protected abstract choose(page: PageContext, nowMicros: number): NextPage;

  startOf(_url: URL): number | undefined {
    return undefined;
  }

  floorOf(_url: URL): number | undefined {
    return undefined;
  }

  refusedAsTooRecent(_error: { status: number; serverDate: number | undefined }, _startMicros?: number) {
    return false;
  }

  next(page: PageContext, nowMicros: number): NextPage {
    this.firstUrl ??= page.url;
    this.visited.add(samePage(page.url));
    const next = this.choose(page, nowMicros);
    if (!("url" in next)) return next;
    for (const [key, value] of Object.entries(this.stickyQuery ?? {})) next.url.searchParams.set(key, value);
    if (samePage(next.url) === samePage(page.url)) {
      this.rereads += 1;
      if (this.rereads > MAX_REREADS) {
        throw new SystemError(
          `Pagination loop: the API keeps answering ${page.url.pathname} with a page that points back at itself.`,
        );
      }
      return next;
    }
    this.refuseLoop(page.url, next.url);
    this.rereads = 0;
    return next;
  }

  /** A next page equal to one read before (other than the current one) is a loop. */
  protected refuseLoop(current: URL, next: URL): void {
    if (samePage(next) === samePage(current) || !this.visited.has(samePage(next))) return;
    throw new SystemError(
      `Pagination loop: the next page of ${current.pathname} points back at a page already read (${next.search}).`,
    );
  }

  /**
   * A page that holds records but gives no way on (e.g. `next_page: null` without `end_time`):
   * the next page starts at the page's own newest cursor value, inclusive, from the first request's
   * query (`start_id`/`cursor` dropped). The records at that value come again and are dropped as
   * repeats; an empty page, a loop or a page with nothing new ends the read. Throws where going on
   * would skip data: no cursor value to go on from, or new records all at the value the page started
   * from (the same request again brings the same page, and more may share that value). The engine
   * has emitted and checkpointed the page's records before a throw reaches it.
   */
  protected fromNewest(
    page: PageContext,
    missing: string,
    unit: "seconds" | "microseconds",
  ): { url: URL } | { end: true; reason?: string } {
    const { url, count, newestMicros, oldestMicros } = page;
    if (count === 0 || newestMicros === undefined) {
      throw new SystemError(
        count === 0
          ? `An empty page of ${url.pathname} came with ${missing}: there is no record to go on from, and ending here could skip the rest of the data, so the read stops.`
          : `A page of ${url.pathname} came with ${missing}, and its ${count} records carry no cursor value to go on from; they were emitted, and the read stops here rather than skip the rest.`,
      );
    }
    const start = unit === "seconds" ? Math.floor(newestMicros / 1e6) : newestMicros;
    const next = new URL((this.firstUrl ?? url).href);
    next.searchParams.delete("start_id");
    next.searchParams.delete("cursor");
    next.searchParams.set("start_time", String(start));
    this.unlinkedPages += 1;
    if (this.unlinkedPages === 1) {
      this.warnings.push(
        `The API sent a page of ${url.pathname} with ${missing} (${count} records on it, all emitted); going on from the page's newest record (start_time=${start}, inclusive: the records at that time come again and are dropped as repeats). Further pages like it are counted, not reported one by one.`,
      );
    }
    if (samePage(next) !== samePage(url)) return { url: next };
    // The page started at its own newest value: asking again would bring the same page.
    if (page.fresh === 0) {
      return {
        end: true,
        reason: `the API gave no way on past start_time=${start} (${this.unlinkedPages} page${this.unlinkedPages === 1 ? "" : "s"} without one), and the page from there brought nothing new: the read ends here.`,
      };
    }
    // New records, all at the start asked for: whether more share that time (a page may be cut
    // short while more remain) the API does not say, and it gives no way past them.
    throw new SystemError(
      `A page of ${url.pathname} (${count} records${oldestMicros === newestMicros ? `, all at start_time ${start}` : ""}, ${page.fresh} of them new) came with ${missing}: the API gives no way past that time and asking again would bring the same page, so the read stops here (its records emitted and checkpointed) rather than skip what else shares that time and everything after it.`,
    );
  }

  protected reread(page: PageContext, warning: string): NextPage {
    this.warnings.push(warning);
    return { url: page.url };
  }

  takeWarnings(): string[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }
}

/**
 * agents, bans: ids ascend; `since_id` is inclusive, so the next page starts at the last id + 1.
 * Only an empty page ends the list: a page shorter than `limit` says nothing about what follows.
 */
class SinceIdPaginator extends GuardedPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly urls: PaginatorFactory,
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

  /** since_id of the page being read (0 without one), and whether an empty page ended the list. */
  private current = 0;
  private ended = false;

  checkpointUpTo(next: URL | undefined): number | undefined {
    if (next) return (this.floorOf(next) ?? 0) - 1;
    // The end of the list: everything read. A failure: only what lies below this page's since_id.
    return this.ended ? undefined : this.current - 1;
  }

  protected choose(page: PageContext): NextPage {
    const { url, count, maxId, lists } = page;
    this.current = this.floorOf(url) ?? 0;
    if (count === 0) {
      this.ended = true;
      return END;
    }
    if (maxId === undefined || !Number.isFinite(maxId))
      throw new SystemError(
        `Records of ${url.pathname} carry no numeric id to page on; the ${count} records of this page were emitted, and the read stops here rather than skip the rest.`,
      );
    const current = this.current;
    if (maxId + 1 <= current) {
      // Ids before the since_id asked for: a stale or repeated page. Its records were already read
      // (the engine skips them); read this page again rather than go backwards.
      return this.reread(
        page,
        `The API answered since_id ${current} on ${url.pathname} with ids up to ${maxId} only (a repeated page?); reading it again.`,
      );
    }
    return {
      url: this.urls.resolve(url.href, { since_id: this.nextSince(maxId, lists), limit: this.pageSize }),
    };
  }

  /**
   * Where the next page starts. One list (agents), or lists none of which came full: after the
   * highest id. Several lists (bans) of which one came full: Zendesk does not say whether since_id
   * and limit apply to the lists together or to each apart, and in the second case the full list
   * may go on below the other's last id; so the next page starts after the lowest last id of the
   * full lists, and the other lists' records it brings again are dropped as repeats. With lists
   * paged together a list is full only when the others are empty, so this costs no request there.
   */
  private nextSince(maxId: number, lists: IdList[] | undefined): number {
    const full = (lists ?? []).filter((l) => l.count >= this.pageSize && l.lastId !== undefined);
    if (full.length === 0) return maxId + 1;
    return Math.min(...full.map((l) => l.lastId as number)) + 1;
  }
}

// A margin on the minimum start age for clock estimates (our view of the server clock comes from
// whole-second Date headers).
const CLOCK_MARGIN_MICROS = 10 * 1_000_000;

/** "five minutes" (`words`) or "5 minutes": a minimum age for log lines. */
export function describeAge(seconds: number, style: "words" | "digits" = "words"): string {
  const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  const count = style === "words" ? (WORDS[minutes] ?? String(minutes)) : String(minutes);
  return `${count} minute${minutes === 1 ? "" : "s"}`;
}

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
class IncrementalExportPaginator extends GuardedPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly timeUnit: "seconds" | "microseconds",
    private readonly minStartAgeSeconds: number,
    private readonly urls: PaginatorFactory,
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

/** The end of an export whose next page would start too recently for the API (it refuses such a start). */
function startTooRecent(next: URL, nowMicros: number, minStartAgeSeconds: number): NextPage | undefined {
  const to = startTimeOf(next);
  if (minStartAgeSeconds <= 0 || to === undefined || to <= nowMicros - minAgeMicros(minStartAgeSeconds))
    return undefined;
  return {
    end: true,
    reason: `the rest of the export is less than ${describeAge(minStartAgeSeconds)} old (the API refuses it); the next sync reads it.`,
  };
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
class CursorExportPaginator extends GuardedPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly minStartAgeSeconds: number,
    private readonly urls: PaginatorFactory,
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

/**
 * A cursor-paginated list (`page[size]`, `links.next`, `meta.has_more`). Only `has_more: false`
 * ends it (an empty page that says more follows is followed). Newest-first lists also end at the
 * first page that reaches below the start: everything after it is older still.
 */
class CursorListPaginator extends GuardedPaginator {
  private start: number | undefined;
  /** The oldest value read so far, to check that a newest-first list really comes in that order. */
  private oldestSoFar: number | undefined;
  private outOfOrder = false;

  constructor(
    private readonly pageSize: number,
    private readonly order: "any" | "newest_first",
    private readonly urls: PaginatorFactory,
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
    // A list has no other way in than its cursor: going on from anything else would read it again
    // from the top or skip part of it. The page's records have been emitted; the read stops.
    throw new SystemError(
      `A page of ${url.pathname} says has_more but gives no links.next or meta.after_cursor to continue from; its ${page.count} records were emitted, and the read stops here rather than end as if the list were complete.`,
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
