import { SystemError } from "../protocol/errors.js";

/*
 * Paging, as the engine sees it: a stream declares a `Paging` (its traits and how to make a
 * paginator); a `Paginator` walks one read — the first request's query, then the next URL from each
 * page until it says the end. The API-specific paging styles (which parameters, which envelope
 * fields) live with the API's code; a new style is a new paginator, not an edit here.
 */

/**
 * One page as the paginator sees it: the URL read, its parsed body (where the records were read
 * one at a time, with their array left empty) and figures of the records on it.
 */
export interface PageContext {
  url: URL;
  body: unknown;
  /** How many records the page held. */
  count: number;
  /** The highest numeric `id` among them (id-ordered paging goes on from it). */
  maxId: number | undefined;
  /** Bodies of several id-ordered lists (see StreamDefinition.idLists): each list's size and last id. */
  lists?: IdList[];
  /** How many of the records were not already emitted (same key, same cursor value) by an earlier page. */
  fresh: number;
  /** The oldest cursor value on the page, epoch µs, when the records carry one. */
  oldestMicros?: number;
  /** The newest cursor value on the page, likewise. */
  newestMicros?: number;
}

/** One list of a body holding several id-ordered lists: how many records it held and its highest id. */
export interface IdList {
  name: string;
  count: number;
  lastId: number | undefined;
}

/** What to read next: a URL, or the end of the data with the reason (for a log line) when unusual. */
export type NextPage = { url: URL } | { end: true; reason?: string };

export interface Paginator {
  /** The first request's query, or undefined when there is nothing to read yet. */
  firstQuery(start: number | undefined, nowMicros: number): Record<string, string | number> | undefined;
  /** The next page. Throws on a pagination loop. `nowMicros` is the server clock's estimate. */
  next(page: PageContext, nowMicros: number): NextPage;
  /**
   * Epoch µs a request for `url` would start at, for the minimum start age (the API refuses a start
   * that recent); undefined when the URL does not say.
   */
  startOf(url: URL): number | undefined;
  /**
   * The lowest cursor value a page read from `url` may carry (id-ordered paging: the id it starts
   * at); records below it belong to an earlier page (a stale answer) and are not new.
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
   * `next` (undefined: no next page); undefined = no limit. Id-ordered lists read out of id order
   * (several lists, paged on the lower one) are complete only below the next page's start.
   */
  checkpointUpTo?(next: URL | undefined): number | undefined;
}

/** Turns paths and an API's own next-page links into URLs of the API a client reads. */
export interface UrlResolver {
  resolve(target: string, query?: Record<string, string | number | undefined>): URL;
  /** True when an absolute URL (a next-page link) points into the API this client reads. */
  isApiUrl(target: string): boolean;
}

/** How a stream pages: its traits, which the engine plans by, and a paginator for each read. */
export interface Paging {
  /** The paging style's name (tests and messages). */
  readonly kind: string;
  /**
   * A paginator for one read through `urls`; `stickyQuery` (the stream's) is set again on every next
   * page, before any loop check (a next link that left one out would change what later pages hold).
   */
  paginator(urls: UrlResolver, stickyQuery?: Record<string, string>): Paginator;
  /** Reads start at a point in time: without state the start date applies (see `startDateLimits`). */
  readonly startsAtTime: boolean;
  /** Records arrive in ascending cursor order, so every page can be a checkpoint. */
  readonly inCursorOrder: boolean;
  /** The API refuses a start younger than this many seconds (0 = no minimum). */
  readonly minStartAgeSeconds: number;
}

const END: NextPage = { end: true };

/** One request returns everything. */
export const singlePage: Paging = {
  kind: "none",
  startsAtTime: false,
  inCursorOrder: true,
  minStartAgeSeconds: 0,
  paginator: () => ({
    firstQuery: () => ({}),
    next: () => END,
    startOf: () => undefined,
    floorOf: () => undefined,
    refusedAsTooRecent: () => false,
    takeWarnings: () => [],
  }),
};

/**
 * A URL's identity as a page: the same parameters in another order or encoding (our first request
 * vs the API's own next link for the same cursor) are the same page.
 */
export function samePage(url: URL): string {
  const params = [...url.searchParams].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1,
  );
  return `${url.origin}${url.pathname}?${new URLSearchParams(params).toString()}`;
}

/** Consecutive re-reads of one page (a stale answer, a cursor going backwards) before it is a loop. */
const MAX_REREADS = 2;

/**
 * The loop guard every paginator gets by extending this: every URL read is remembered, and a next
 * page that points at any page already read (not only the last one) is a loop, reported as an error
 * rather than followed forever or taken as a silent end. Re-reading the current page is allowed a
 * few times. A subclass only chooses the next page (`choose`).
 */
export abstract class LoopGuardedPaginator implements Paginator {
  protected warnings: string[] = [];
  private readonly visited = new Set<string>();
  private rereads = 0;
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

/** "five minutes" (`words`) or "5 minutes": a minimum age for log lines. */
export function describeAge(seconds: number, style: "words" | "digits" = "words"): string {
  const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  const count = style === "words" ? (WORDS[minutes] ?? String(minutes)) : String(minutes);
  return `${count} minute${minutes === 1 ? "" : "s"}`;
}
