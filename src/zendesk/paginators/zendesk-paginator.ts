import {
  describeAge,
  LoopGuardedPaginator,
  type NextPage,
  type PageContext,
  samePage,
} from "../../engine/paginator.js";
import { toEpochMicros } from "../../engine/timestamps.js";
import { SystemError } from "../../protocol/errors.js";

/**
 * What Zendesk's paginators share beyond the engine's loop guard: the first request's URL, and the
 * way on from a page that gave none (its own newest record, as a `start_time`).
 */
export abstract class ZendeskPaginator extends LoopGuardedPaginator {
  /** The first page's URL: its query (fields, limit…) is the base of a page the API gave no link to. */
  protected firstUrl: URL | undefined;
  /** Pages the API sent without a way on, continued from their own newest cursor value. */
  private unlinkedPages = 0;

  override next(page: PageContext, nowMicros: number): NextPage {
    this.firstUrl ??= page.url;
    return super.next(page, nowMicros);
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
}

// A margin on the minimum start age for clock estimates (our view of the server clock comes from
// whole-second Date headers).
const CLOCK_MARGIN_MICROS = 10 * 1_000_000;

/** The end of an export whose next page would start too recently for the API (it refuses such a start). */
export function startTooRecent(
  next: URL,
  nowMicros: number,
  minStartAgeSeconds: number,
): NextPage | undefined {
  const to = startTimeOf(next);
  if (minStartAgeSeconds <= 0 || to === undefined || to <= nowMicros - minAgeMicros(minStartAgeSeconds))
    return undefined;
  return {
    end: true,
    reason: `the rest of the export is less than ${describeAge(minStartAgeSeconds)} old (the API refuses it); the next sync reads it.`,
  };
}

/** The youngest start asked for: the API's minimum age, plus a margin for our clock estimate. */
export function minAgeMicros(minStartAgeSeconds: number): number {
  return minStartAgeSeconds > 0 ? minStartAgeSeconds * 1_000_000 + CLOCK_MARGIN_MICROS : 0;
}

/** An epoch-seconds `start_time` query parameter, read by magnitude; undefined when absent. */
export function startTimeOf(url: URL): number | undefined {
  const raw = url.searchParams.get("start_time");
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return toEpochMicros(Number(raw));
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
