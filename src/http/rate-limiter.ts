/**
 * Starts jobs at most `maxConcurrent` at a time and at least `minTime` ms apart (start to start), in
 * the order they were scheduled; `paused` holds every job not started yet. A job that may start now
 * starts synchronously, inside `schedule()`: the engine asks for the next page and then writes the
 * current one without giving the event loop a turn (stdout is a blocking pipe), so a job deferred to
 * a timer — as Bottleneck defers every job, even with nothing to wait for — would send the next
 * page's request only after the whole page was written, and the prefetch would overlap nothing.
 */
class Pacer {
  private readonly queue: Array<{
    task: () => Promise<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }> = [];
  private running = 0;
  private nextStartAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  paused = false;

  constructor(
    private readonly maxConcurrent: number,
    public minTime: number,
  ) {}

  schedule<T>(task: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error("The rate limiter has been stopped."));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (v: unknown) => void, reject });
      this.drain();
    });
  }

  /** Starts what may start now; sets a timer for the next start otherwise. */
  drain(): void {
    while (this.queue.length > 0 && !this.paused && !this.stopped && this.running < this.maxConcurrent) {
      const now = performance.now();
      const wait = this.nextStartAt - now;
      if (wait > 0) {
        if (this.timer === undefined) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.drain();
          }, wait);
        }
        return;
      }
      const job = this.queue.shift() as (typeof this.queue)[number];
      this.nextStartAt = now + this.minTime;
      this.running += 1;
      let started: Promise<unknown>;
      try {
        started = job.task();
      } catch (error) {
        started = Promise.reject(error);
      }
      started.then(job.resolve, job.reject).finally(() => {
        this.running -= 1;
        this.drain();
      });
    }
  }

  /** Drops the jobs not started yet (their promises reject); running ones finish. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of this.queue.splice(0)) job.reject(new Error("The rate limiter has been stopped."));
  }
}

/**
 * One limiter shared by every stream of a sync. Requests are spaced evenly (minTime) rather than sent
 * in bursts: a burst at the end of one window plus one at the start of the next would exceed a sliding
 * window limit. On a 429 everything pauses until Retry-After and the rate drops to what the server
 * actually accepted since the last pause (accepted requests over that time plus the Retry-After wait:
 * the budget it is willing to give us, another tool sharing the account included), at least by a
 * quarter and at most to a quarter. So the 429s stop after the first one or two instead of one per
 * 25% step; 429s for requests already in flight during the pause do not cut again. Successes slowly
 * win the rate back, never above the configured maximum.
 */
export class AdaptiveRateLimiter {
  private readonly limiter: Pacer;
  private ratePerMinute: number;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private successesSinceAdjust = 0;
  /** When the first request since the last pause started, and how many succeeded since then. */
  private epochStart: number | undefined;
  private acceptedInEpoch = 0;

  constructor(
    private readonly maxPerMinute: number,
    maxConcurrent = 4,
  ) {
    this.ratePerMinute = maxPerMinute;
    this.limiter = new Pacer(maxConcurrent, this.minTime());
  }

  get currentRatePerMinute(): number {
    return this.ratePerMinute;
  }

  /** Epoch ms until which requests are held back after a 429, or 0. */
  get pausedUntilMs(): number {
    return this.pausedUntil > Date.now() ? this.pausedUntil : 0;
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    return this.limiter.schedule(() => {
      this.epochStart ??= Date.now();
      return task();
    });
  }

  recordSuccess(): void {
    this.acceptedInEpoch += 1;
    if (this.ratePerMinute >= this.maxPerMinute) return;
    this.successesSinceAdjust += 1;
    if (this.successesSinceAdjust >= 50) {
      this.successesSinceAdjust = 0;
      this.ratePerMinute = Math.min(this.maxPerMinute, this.ratePerMinute * 1.05);
      this.limiter.minTime = this.minTime();
    }
  }

  /** Called on a 429: pause all requests for `waitMs` and slow down. */
  recordRateLimited(waitMs: number): void {
    const now = Date.now();
    const until = now + waitMs;
    if (now < this.pausedUntil) {
      // A request sent before the pause began: the rate was already cut for this burst.
      if (until <= this.pausedUntil) return;
    } else {
      this.successesSinceAdjust = 0;
      let next = this.ratePerMinute * 0.75;
      // What the server accepted since we last resumed, spread over that time and the wait it asks
      // for: a sliding-window limit of N per W answers its first 429 after ~N requests, with a
      // Retry-After of about W minus the time they took.
      const span = now - (this.epochStart ?? now) + waitMs;
      if (this.acceptedInEpoch >= 2 && span > 0) {
        const observed = (this.acceptedInEpoch * 60_000) / span;
        next = Math.min(next, Math.max(observed, this.ratePerMinute * 0.25));
      }
      this.ratePerMinute = Math.max(1, next);
      this.epochStart = undefined;
      this.acceptedInEpoch = 0;
    }
    this.pausedUntil = until;
    // Paused: no job starts; the timer lifts it when the server said we may resume.
    this.limiter.minTime = this.minTime();
    this.limiter.paused = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.limiter.paused = false;
      this.limiter.drain();
    }, waitMs);
    // Not unref()'d: while every request waits out a 429 this timer is the only thing keeping the
    // event loop alive; unref'd, Node would exit mid-sync (code 13, no TRACE, no final state).
  }

  async stop(): Promise<void> {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.limiter.stop();
  }

  private minTime(): number {
    // 1% under the budget: spaced exactly at the limit, network jitter lets the server see one
    // request too many in a window now and then, and a 429 costs more. 1% of a window is still
    // two requests' worth at 200/minute (600 ms), far more than jitter. Not rounded up to whole
    // milliseconds: at the bench's scaled 60 ms spacing that rounding alone cost 2-3% of wall time.
    return 60_000 / (this.ratePerMinute * 0.99);
  }
}
