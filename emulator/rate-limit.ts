/**
 * Sliding-window rate limit over real (not virtual) time: at most `requests` accepted API
 * requests in any `windowMs`. Rejected requests don't consume a slot. Retry-After is the
 * whole number of seconds (rounded up) until the oldest accepted request leaves the window.
 */
import type { RateLimitSpec } from "./types.js";

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSec: number };

export class RateLimiter {
  private spec: RateLimitSpec | null = null;
  private hits: number[] = [];

  constructor(
    spec: RateLimitSpec | null,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.set(spec);
  }

  set(spec: RateLimitSpec | null): void {
    if (spec && !(spec.requests >= 1 && spec.windowMs > 0))
      throw new RangeError("rate limit needs requests >= 1 and windowMs > 0");
    this.spec = spec;
    this.hits = [];
  }

  limit(): number | null {
    return this.spec?.requests ?? null;
  }

  take(): RateDecision | null {
    if (!this.spec) return null;
    const now = this.nowMs();
    const windowStart = now - this.spec.windowMs;
    let drop = 0;
    while (drop < this.hits.length && (this.hits[drop] as number) <= windowStart) drop++;
    if (drop > 0) this.hits.splice(0, drop);
    if (this.hits.length < this.spec.requests) {
      this.hits.push(now);
      return { allowed: true, remaining: this.spec.requests - this.hits.length };
    }
    const freeAt = (this.hits[0] as number) + this.spec.windowMs;
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
  }
}
