import { afterEach, describe, expect, it } from "vitest";
import { AdaptiveRateLimiter } from "../../src/http/rate-limiter.js";

const limiters: AdaptiveRateLimiter[] = [];
function limiter(perMinute: number, maxConcurrent = 4) {
  const l = new AdaptiveRateLimiter(perMinute, maxConcurrent);
  limiters.push(l);
  return l;
}
afterEach(async () => {
  for (const l of limiters.splice(0)) await l.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("AdaptiveRateLimiter", () => {
  it("starts a request that may start now synchronously, inside schedule() (so a prefetch is sent at once)", () => {
    const l = limiter(600);
    let started = false;
    void l.schedule(async () => {
      started = true;
    });
    expect(started).toBe(true);
  });

  it("spaces request starts by the rate, 1% under it", async () => {
    const l = limiter(600); // one per 100 ms, 101 ms with the margin
    const starts: number[] = [];
    await Promise.all(
      [0, 1, 2].map(() =>
        l.schedule(async () => {
          starts.push(performance.now());
        }),
      ),
    );
    expect(starts).toHaveLength(3);
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(98);
    expect((starts[2] as number) - (starts[1] as number)).toBeGreaterThanOrEqual(98);
    expect((starts[2] as number) - (starts[0] as number)).toBeLessThan(1000);
  });

  it("runs at most maxConcurrent requests at once, in the order they were scheduled", async () => {
    const l = limiter(600_000, 2);
    const order: number[] = [];
    let running = 0;
    let most = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        l.schedule(async () => {
          order.push(i);
          running += 1;
          most = Math.max(most, running);
          await sleep(10);
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("holds every request back while paused by a 429, and slows down", async () => {
    const l = limiter(60_000);
    await l.schedule(async () => undefined);
    l.recordRateLimited(120);
    expect(l.currentRatePerMinute).toBeLessThan(60_000);
    const pausedAt = performance.now();
    let startedAt = 0;
    await l.schedule(async () => {
      startedAt = performance.now();
    });
    expect(startedAt - pausedAt).toBeGreaterThanOrEqual(110);
  });

  it("stop() rejects the requests not started yet", async () => {
    const l = limiter(60); // one a second: the second request waits
    const first = l.schedule(async () => "first");
    const second = l.schedule(async () => "second");
    await expect(first).resolves.toBe("first");
    await l.stop();
    await expect(second).rejects.toThrow(/stopped/);
    await expect(l.schedule(async () => "late")).rejects.toThrow(/stopped/);
  });
});
