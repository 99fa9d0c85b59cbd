/**
 * agent_timeline entries: one agent status span each. Kept in memory (they are small),
 * ordered by start_time in microseconds; start_times are unique so (start_time, agent_id)
 * is a total order with no ties in practice.
 */
import { isoMicros } from "../clock.js";
import { Rng } from "../random.js";
import type { JsonRecord } from "../types.js";
import { AGENT_STATUSES } from "./words.js";

export interface TimelineEntry {
  agentId: number;
  startUs: number;
  durationUs: number;
  status: string;
  engagementCount: number;
}

export class TimelineStore {
  readonly entries: TimelineEntry[] = [];
  private generated = 0;

  constructor(private readonly seed: number) {}

  /**
   * Append n entries with unique start times spread over (fromUs, toUs], using agents from
   * the given pool. Starts are strictly greater than every existing entry's (a start that
   * would not be is bumped past the last one), so `entries` only ever grows at its end and
   * stays sorted: a read in progress, which binary-searches its cursor on every page, never
   * misses an entry because of entries added between its pages.
   */
  addSpread(n: number, fromUs: number, toUs: number, agentIds: readonly number[]): void {
    if (n <= 0 || agentIds.length === 0) return;
    const rng = Rng.from(this.seed, 0x71e, this.generated);
    const starts: number[] = [];
    for (let i = 0; i < n; i++) starts.push(fromUs + 1 + Math.floor(rng.next() * Math.max(1, toUs - fromUs)));
    starts.sort((a, b) => a - b);
    let last = this.entries.at(-1)?.startUs ?? Number.NEGATIVE_INFINITY;
    for (const s of starts) {
      // Bump collisions by a microsecond to keep start_times unique.
      const startUs = Math.max(s, last + 1);
      last = startUs;
      const status = rng.pick(AGENT_STATUSES);
      this.entries.push({
        agentId: rng.pick(agentIds),
        startUs,
        durationUs: rng.int(5_000_000, 4 * 3_600_000_000),
        status,
        engagementCount: status === "online" ? rng.int(0, 25) : 0,
      });
      this.generated++;
    }
  }

  static key(e: TimelineEntry): string {
    return String(e.agentId);
  }

  static toRecord(e: TimelineEntry): JsonRecord {
    return {
      agent_id: e.agentId,
      duration: e.durationUs / 1_000_000,
      engagement_count: e.engagementCount,
      start_time: isoMicros(e.startUs),
      status: e.status,
    };
  }
}
