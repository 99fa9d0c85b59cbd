import Bottleneck from "bottleneck";

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
  private readonly limiter: Bottleneck;
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
    this.limiter = new Bottleneck({ maxConcurrent, minTime: this.minTime() });
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
      this.limiter.updateSettings({ minTime: this.minTime() });
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
    // reservoir 0 stops new jobs from starting; the timer lifts it when the server said we may resume.
    this.limiter.updateSettings({ minTime: this.minTime(), reservoir: 0 });
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.limiter.updateSettings({ reservoir: null });
    }, waitMs);
    // Not unref()'d: while every request waits out a 429 this timer is the only thing keeping the
    // event loop alive; unref'd, Node would exit mid-sync (code 13, no TRACE, no final state).
  }

  async stop(): Promise<void> {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  private minTime(): number {
    // 2% under the budget: spaced exactly at the limit, network jitter lets the server see one
    // request too many in a window now and then (measured by the benchmark), and a 429 costs more.
    return Math.ceil(60_000 / (this.ratePerMinute * 0.98));
  }
}
