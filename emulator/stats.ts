/** Request counters exposed through Emulator.stats(). */
import type { EmulatorStats } from "./types.js";

export class StatsCollector {
  private s: EmulatorStats = StatsCollector.empty();

  private static empty(): EmulatorStats {
    return { requests: 0, byEndpoint: {}, rateLimited: 0, faultsInjected: {}, tokenRefreshes: 0 };
  }

  /** Counts a request; returns how many requests this endpoint has had, this one included. */
  request(endpoint: string): number {
    this.s.requests++;
    const n = (this.s.byEndpoint[endpoint] ?? 0) + 1;
    this.s.byEndpoint[endpoint] = n;
    return n;
  }

  rateLimited(): void {
    this.s.rateLimited++;
  }

  fault(kind: string): void {
    this.s.faultsInjected[kind] = (this.s.faultsInjected[kind] ?? 0) + 1;
  }

  tokenRefreshed(): void {
    this.s.tokenRefreshes++;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = StatsCollector.empty();
  }
}
