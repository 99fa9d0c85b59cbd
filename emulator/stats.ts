/** Request counters exposed through Emulator.stats(). */
import type { EmulatorStats } from "./types.js";

export class StatsCollector {
  private s: EmulatorStats = StatsCollector.empty();

  private static empty(): EmulatorStats {
    return { requests: 0, byEndpoint: {}, rateLimited: 0, faultsInjected: {}, tokenRefreshes: 0 };
  }

  request(endpoint: string): void {
    this.s.requests++;
    this.s.byEndpoint[endpoint] = (this.s.byEndpoint[endpoint] ?? 0) + 1;
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
