import { SystemError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";
import type { Pagination } from "./stream.js";

/** One page as the paginator sees it: the URL read, its parsed body and the records extracted from it. */
export interface PageContext {
  url: URL;
  body: unknown;
  records: JsonObject[];
}

export interface Paginator {
  /** The first request's query, or undefined when there is nothing to read yet. */
  firstQuery(start: number | undefined, nowMicros: number): Record<string, string | number> | undefined;
  /** The next URL, or undefined at the end of the data. Throws on a pagination loop. */
  next(page: PageContext): URL | undefined;
  /** Warnings about data the API should not have sent, drained by the engine into LOG messages. */
  takeWarnings(): string[];
}

export interface PaginatorFactory {
  resolve(target: string, query?: Record<string, string | number | undefined>): URL;
}

export function createPaginator(pagination: Pagination, urls: PaginatorFactory): Paginator {
  switch (pagination.kind) {
    case "none":
      return new SinglePage();
    case "since_id":
      return new SinceIdPaginator(pagination.pageSize, urls);
    case "incremental_export":
      return new IncrementalExportPaginator(pagination.pageSize, pagination.timeUnit, urls);
  }
}

class SinglePage implements Paginator {
  firstQuery() {
    return {};
  }
  next() {
    return undefined;
  }
  takeWarnings() {
    return [];
  }
}

abstract class GuardedPaginator implements Paginator {
  protected warnings: string[] = [];
  private lastUrl: string | undefined;
  private repeats = 0;

  abstract firstQuery(
    start: number | undefined,
    nowMicros: number,
  ): Record<string, string | number> | undefined;
  protected abstract nextUrl(page: PageContext): URL | undefined;

  next(page: PageContext): URL | undefined {
    const warningsBefore = this.warnings.length;
    const next = this.nextUrl(page);
    if (!next) return undefined;
    // A next page equal to the one just read means the API repeated itself (or `nextUrl` chose to
    // read it again rather than follow a cursor going backwards). Ask once more (a stale page from a
    // cache), but a second repeat is a loop: fail loudly rather than spin or stop silently.
    if (next.href === page.url.href) {
      this.repeats += 1;
      if (this.repeats > 2) {
        throw new SystemError(
          `Pagination loop: the API keeps returning the same next page for ${page.url.pathname}.`,
        );
      }
      if (this.warnings.length === warningsBefore)
        this.warnings.push(
          `The API pointed back at the page just read (${page.url.pathname}); asking again.`,
        );
    } else if (next.href !== this.lastUrl) {
      this.repeats = 0;
    }
    this.lastUrl = page.url.href;
    return next;
  }

  takeWarnings(): string[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }
}

/** agents, bans: ids ascend; `since_id` is inclusive, so the next page starts at the last id + 1. */
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

  protected nextUrl({ url, records }: PageContext): URL | undefined {
    if (records.length === 0) return undefined;
    let maxId = Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (typeof record.id === "number" && record.id > maxId) maxId = record.id;
    }
    if (!Number.isFinite(maxId))
      throw new SystemError(`Records of ${url.pathname} carry no numeric id to page on.`);
    const current = Number(url.searchParams.get("since_id") ?? 0);
    if (maxId + 1 <= current) {
      // Ids before the since_id asked for: a stale or repeated page. Its records were already read
      // (the engine skips them); read this page again rather than go backwards.
      this.warnings.push(
        `The API answered since_id ${current} on ${url.pathname} with ids up to ${maxId} only (a repeated page?); reading it again.`,
      );
      return this.urls.resolve(url.href);
    }
    return this.urls.resolve(url.href, { since_id: maxId + 1, limit: this.pageSize });
  }
}

// The incremental export rejects a start_time less than five minutes old; keep a margin for clock
// estimates (our view of the server clock comes from whole-second Date headers).
const EXPORT_MIN_AGE_MICROS = (5 * 60 + 10) * 1_000_000;

/** chats, agent_timeline: the Zendesk incremental export. */
class IncrementalExportPaginator extends GuardedPaginator {
  private retriedEmpty = false;

  constructor(
    private readonly pageSize: number,
    private readonly timeUnit: "seconds" | "microseconds",
    private readonly urls: PaginatorFactory,
  ) {
    super();
  }

  firstQuery(start: number | undefined, nowMicros: number) {
    const startMicros = start ?? 0;
    if (startMicros > nowMicros - EXPORT_MIN_AGE_MICROS) return undefined;
    const startTime = this.timeUnit === "seconds" ? Math.floor(startMicros / 1e6) : startMicros;
    return { start_time: startTime, limit: this.pageSize };
  }

  protected nextUrl({ url, body, records }: PageContext): URL | undefined {
    const page = isObject(body) ? body : {};
    const count = typeof page.count === "number" ? page.count : undefined;
    const nextPage = typeof page.next_page === "string" && page.next_page !== "" ? page.next_page : undefined;
    if (count !== undefined && count !== records.length) {
      this.warnings.push(
        `The API said count=${count} but sent ${records.length} records on ${url.pathname}; going by the records.`,
      );
    }
    if (records.length === 0) {
      // An empty page that still links onward is not a normal end; read it once more before trusting it.
      if (nextPage && !this.retriedEmpty) {
        this.retriedEmpty = true;
        this.warnings.push(`Empty page with a next_page link on ${url.pathname}; reading it again.`);
        return this.urls.resolve(url.href);
      }
      return undefined;
    }
    this.retriedEmpty = false;
    // A short page is the end of the data (the export never sends a short page in the middle).
    if (records.length < this.pageSize) return undefined;
    let next: URL | undefined;
    if (nextPage) {
      try {
        next = this.urls.resolve(nextPage);
      } catch (error) {
        // e.g. a next_page on the legacy www.zopim.com host: page on from end_time/end_id instead.
        if (page.end_time === undefined || page.end_time === null) throw error;
        this.warnings.push(
          `Ignoring a next_page outside the API base URL on ${url.pathname}; using end_time.`,
        );
      }
    }
    if (!next) {
      if (page.end_time === undefined || page.end_time === null) {
        throw new SystemError(
          `A full page of ${url.pathname} came without next_page or end_time; cannot continue.`,
        );
      }
      const endId =
        typeof page.end_id === "string" || typeof page.end_id === "number" ? String(page.end_id) : undefined;
      next = this.urls.resolve(url.href, { start_time: String(page.end_time), start_id: endId });
    }
    // The export only moves forward. A cursor before this page's start would re-read (and re-emit)
    // everything since, or loop; read this page again instead, to get a sane cursor.
    const from = Number(url.searchParams.get("start_time"));
    const to = Number(next.searchParams.get("start_time"));
    if (Number.isFinite(from) && Number.isFinite(to) && to < from) {
      this.warnings.push(
        `The API's next page on ${url.pathname} goes back to start_time=${to}, before this page's start_time=${from}; reading this page again instead.`,
      );
      return this.urls.resolve(url.href);
    }
    return next;
  }
}

/**
 * The export answers 400 to a start_time under five minutes old by *its* clock. When our estimate of
 * that clock was off, the 400 carries the server's Date: if it confirms the start is that recent,
 * there is simply nothing to read yet.
 */
export function exportStartTooRecent(
  error: { status: number; serverDate: number | undefined },
  startMicros?: number,
) {
  if (error.status !== 400 || error.serverDate === undefined || startMicros === undefined) return false;
  return startMicros > error.serverDate * 1000 - 5 * 60 * 1_000_000;
}
