import type { HttpClient, JsonResponse } from "../http/client.js";
import { HttpError } from "../http/http-error.js";
import type { JsonObject } from "../protocol/messages.js";
import { PageItemReader } from "./page-items.js";
import { describeAge, type NextPage, type Paginator } from "./paginator.js";
import { emitterFor } from "./per-parent.js";
import { clientFor, type ReadContext } from "./read-context.js";
import type { PlannedStream } from "./read-plan.js";
import { type StreamDefinition, startDateLimits } from "./stream.js";
import type { StreamEmitter } from "./stream-emitter.js";

/**
 * How long before the first answer's server Date a list read in no cursor order counts as begun
 * (the Date header has whole seconds; an update replicated late is still caught).
 */
const READ_START_MARGIN_MICROS = 60 * 1_000_000;

/** A TRACE ESTIMATE per stream at most once every this many pages (exports only). */
const ESTIMATE_EVERY_PAGES = 3;

/**
 * Reads one request sequence: request → extract → items → each stream's rows → RECORD → cursor →
 * checkpoint → next page, with the next page fetched while the current one is written. The items of
 * a page are fanned out to one emitter per selected stream (the source stream itself and/or its
 * child streams); the paginator sees the page's items, never the rows the streams made of them.
 */
export class RequestSequenceReader {
  /** True when the read ended empty on a "not available" status (the account lacks the endpoint). */
  endedNotFound = false;
  private readonly emitters: StreamEmitter[];
  private readonly paginator: Paginator;
  private readonly client: HttpClient;
  private readonly items: PageItemReader;
  /** True when records come in ascending cursor order (each page is a checkpoint). */
  private readonly ordered: boolean;
  /**
   * Lists in no cursor order: the server's time when the read began, less a margin. An item updated
   * while the list was read, after its page, is not in this read and may carry a value below the
   * newest one emitted: the state stays at or below this time so that the next sync reads it.
   */
  private readStartedMicros: number | undefined;
  /** Set once the read is over: a prefetch still waiting on a 429 must not report RUNNING after it. */
  private ended = false;
  /** When a 429 last said its requests resume (epoch ms). */
  private resumeAtMs = 0;
  private pages = 0;
  /** Sent on every request: the source's sticky parameters and those its selected children add. */
  private readonly sticky: Record<string, string>;

  /** `emitters`: the streams to feed, already started (a fallback read: see readFallbacks). */
  constructor(
    private readonly source: StreamDefinition,
    members: PlannedStream[],
    private readonly ctx: ReadContext,
    emitters?: StreamEmitter[],
  ) {
    this.client = clientFor(source, ctx);
    this.ordered = source.pagination.inCursorOrder;
    this.emitters = emitters ?? members.map((m) => emitterFor(m, ctx));
    this.sticky = Object.assign({}, source.stickyQuery, ...members.map((m) => m.definition.parentQuery));
    this.paginator = source.pagination.paginator(this.client, this.sticky);
    this.items = new PageItemReader(source, this.emitters);
  }

  /** The streams this request sequence feeds. */
  get names(): string[] {
    return this.emitters.map((e) => e.name);
  }

  /**
   * When its API is holding requests back after a 429, says so again for each stream (RUNNING,
   * RATE_LIMITED, the time they resume) and returns true; false when it is not rate limited.
   */
  async reportRateLimited(nowMs: number): Promise<boolean> {
    const resumeAt = Math.max(this.resumeAtMs, this.client.limiter.pausedUntilMs);
    if (this.ended || resumeAt <= nowMs) return false;
    for (const emitter of this.emitters) await emitter.rateLimited(resumeAt);
    return true;
  }

  /** Records written by all the streams of the group so far (readable after a failure too). */
  get written(): number {
    return this.emitters.reduce((n, e) => n + e.written, 0);
  }

  async run(states: ReadonlyMap<string, JsonObject>): Promise<void> {
    for (const emitter of this.emitters) await emitter.started();
    try {
      // Without state, a stream in time starts at the start date (a full refresh too), unless it is
      // reference data read from the beginning.
      const fallback = startDateLimits(this.source) ? this.ctx.startDateMicros : undefined;
      const starts = this.emitters.map((e) => e.start(states.get(e.name), fallback));
      // The shared read starts at the earliest start; each stream skips what lies before its own.
      const start = starts.some((s) => s === undefined) ? undefined : Math.min(...(starts as number[]));
      for (const emitter of this.emitters) emitter.skipBefore(start);
      await this.readPages(start);
      if (this.items.repeated > 0)
        await this.log(
          "INFO",
          `skipped ${this.items.repeated} items the API repeated unchanged across pages.`,
        );
      const limits = await this.readFallbacks();
      for (const emitter of this.emitters)
        await emitter.finish(limits.has(emitter) ? limits.get(emitter) : this.readStartedMicros);
    } finally {
      this.ended = true;
    }
  }

  /**
   * Streams whose side-load a page left out are read by their fallbacks, one request sequence each,
   * after the shared read. Returns each one's state limit (its own read's, see readStartedMicros).
   */
  private async readFallbacks(): Promise<Map<StreamEmitter, number | undefined>> {
    const limits = new Map<StreamEmitter, number | undefined>();
    for (const emitter of this.emitters) {
      if (!emitter.fellBack) continue;
      const reader = new RequestSequenceReader(emitter.switchToFallback(), [], this.ctx, [emitter]);
      try {
        await reader.readPages(emitter.startsAt);
      } finally {
        reader.ended = true;
      }
      limits.set(emitter, reader.readStartedMicros);
    }
    return limits;
  }

  private nowMicros(): number {
    return (this.client.serverNow() ?? Date.now()) * 1000;
  }

  private async readPages(start: number | undefined): Promise<void> {
    const { client } = this;
    const firstQuery = this.paginator.firstQuery(start, this.nowMicros());
    if (!firstQuery) {
      await this.log(
        "INFO",
        `the cursor is less than ${this.minAge("digits")} old; nothing new to read yet.`,
      );
      return;
    }
    let url: URL | undefined = client.resolve(this.source.path, {
      ...this.source.query,
      ...this.sticky,
      ...firstQuery,
    });
    let pending: Promise<JsonResponse> | undefined = this.fetchPage(url);
    let first = true;
    /** Newest cursor value read, for a "too recent" answer to a next page whose start cannot be read. */
    let newest = start;
    while (pending && url) {
      let response: JsonResponse;
      try {
        response = await pending;
      } catch (error) {
        if (await this.endsQuietly(error, first, this.paginator.startOf(url) ?? newest)) return;
        throw error;
      }
      if (first && !this.ordered)
        this.readStartedMicros = (response.serverDate ?? Date.now()) * 1000 - READ_START_MARGIN_MICROS;
      first = false;
      if (this.emitters.some((e) => e.sideLoaded)) {
        const count = response.records?.length ?? this.source.extract(response.body).length;
        for (const emitter of this.emitters) await emitter.takePage(response.body, count);
        // Every stream fed here now reads elsewhere (its fallback): no more pages for nobody.
        if (this.emitters.every((emitter) => emitter.fellBack)) {
          response.records?.release();
          return;
        }
      }
      const page = this.items.read(response, this.paginator.floorOf(url));
      if (page.newest !== undefined && (newest === undefined || page.newest > newest)) newest = page.newest;
      // A page the read cannot go on from still holds records: they are written and checkpointed
      // first, and the read fails after them (never thrown away with the page).
      let next: NextPage;
      let failure: { error: unknown } | undefined;
      try {
        next = this.paginator.next(
          {
            url,
            body: response.body,
            count: page.count,
            maxId: page.maxId,
            lists: page.lists,
            fresh: page.fresh.length,
            oldestMicros: page.oldest,
            newestMicros: page.newest,
          },
          this.nowMicros(),
        );
      } catch (error) {
        failure = { error };
        next = { end: true };
      }
      const nextUrl = "url" in next ? next.url : undefined;
      pending = nextUrl ? this.fetchPage(nextUrl) : undefined;
      for (const warning of this.paginator.takeWarnings()) await this.log("WARN", warning);
      for (const emitter of this.emitters) await emitter.writeItems(page.fresh, page.raw);
      if (nextUrl || failure) {
        // A page of a list in no cursor order is no checkpoint: a later page may hold older values.
        // An id-ordered read out of order checkpoints only below the next page (checkpointUpTo).
        const upTo = this.paginator.checkpointUpTo?.(nextUrl);
        if (this.ordered) for (const emitter of this.emitters) await emitter.checkpoint("page", upTo);
      }
      if (nextUrl) {
        this.pages += 1;
        if (this.pages % ESTIMATE_EVERY_PAGES === 0) await this.estimate(newest);
      } else if ("reason" in next && next.reason) await this.log("INFO", next.reason);
      if (response.records) {
        // The page's buffer serves a later page (see readBody); nothing may read it after this.
        for (const emitter of this.emitters) emitter.detachFromPage();
        response.records.release();
      }
      if (failure) throw failure.error;
      // Every stream fed here has taken all it will (see StreamEmitter.finished): no more pages.
      if (this.emitters.every((emitter) => emitter.finished)) return;
      url = nextUrl;
    }
  }

  /** The export's minimum start age, for log lines. */
  private minAge(style: "words" | "digits" = "words"): string {
    return describeAge(this.source.pagination.minStartAgeSeconds, style);
  }

  /** TRACE ESTIMATE per stream: rows so far, extrapolated by how far the cursor moved towards now. */
  private async estimate(newest: number | undefined): Promise<void> {
    if (!this.source.pagination.startsAtTime || !this.ordered || newest === undefined) return;
    const now = this.nowMicros();
    for (const emitter of this.emitters) await emitter.estimate(newest, now);
  }

  /** Answers that mean "nothing (more) to read" rather than a failure. */
  private async endsQuietly(error: unknown, first: boolean, startMicros: number | undefined) {
    if (!(error instanceof HttpError)) return false;
    if (this.paginator.refusedAsTooRecent(error, startMicros)) {
      await this.log(
        "INFO",
        `the API says the rest is less than ${this.minAge()} old; the next sync reads it.`,
      );
      return true;
    }
    const unavailable = this.source.unavailableOn ?? [404];
    if (first && unavailable.includes(error.status)) {
      this.endedNotFound = error.status === 404;
      await this.log(
        "WARN",
        `not available for this account (${error.status} ${error.status === 404 ? "Not Found" : "Forbidden"} on ${error.path}): its plan may not include this feature, or the token's role cannot see it; no records.`,
      );
      return true;
    }
    return false;
  }

  /**
   * Transforms a page's items, sets aside the ones already delivered unchanged (by an earlier page,
   * or, for every stream it feeds, by the previous sync at its boundary), and
   * notes the range of cursor values (the paginator needs them to tell a stale page from the end).
   */
  private fetchPage(url: URL): Promise<JsonResponse> {
    const promise = this.client.getJson(url, {
      onRateLimited: (resumeAt) => {
        if (this.ended) return;
        this.resumeAtMs = Math.max(this.resumeAtMs, resumeAt);
        for (const emitter of this.emitters) void emitter.rateLimited(resumeAt);
      },
      splitRecordsAt: this.items.recordsAt,
    });
    // The next page is fetched while this one is written; its failure is handled when awaited.
    promise.catch(() => undefined);
    return promise;
  }

  private log(level: "INFO" | "WARN", message: string): Promise<void> {
    const names = this.emitters.map((e) => `'${e.name}'`).join(", ");
    return this.ctx.writer.log(level, `Stream${this.emitters.length > 1 ? "s" : ""} ${names}: ${message}`);
  }
}
