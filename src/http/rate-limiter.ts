import Bottleneck from "bottleneck";

/**
 * One limiter shared by every stream of a sync. Requests are spaced evenly (minTime) rather than sent
 * in bursts: a burst at the end of one window plus one at the start of the next would exceed a sliding
 * window limit. On a 429 everything pauses until Retry-After and the rate drops by a quarter, so a
 * server whose real budget is below our setting (another tool sharing the account) stops answering
 * 429 after a few adjustments; successes slowly win the rate back, never above the configured maximum.
 */
export class AdaptiveRateLimiter {
  private readonly limiter: Bottleneck;
  private ratePerMinute: number;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private successesSinceAdjust = 0;

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
    return this.limiter.schedule(task);
  }

  recordSuccess(): void {
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
    this.successesSinceAdjust = 0;
    this.ratePerMinute = Math.max(1, this.ratePerMinute * 0.75);
    const until = Date.now() + waitMs;
    if (until <= this.pausedUntil) {
      this.limiter.updateSettings({ minTime: this.minTime() });
      return;
    }
    this.pausedUntil = until;
    // reservoir 0 stops new jobs from starting; the timer lifts it when the server said we may resume.
    this.limiter.updateSettings({ minTime: this.minTime(), reservoir: 0 });
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.limiter.updateSettings({ reservoir: null });
    }, waitMs);
    this.resumeTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  private minTime(): number {
    return Math.ceil(60_000 / this.ratePerMinute);
  }
}
