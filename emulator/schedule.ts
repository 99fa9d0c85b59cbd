/**
 * Data changes scheduled from another process (POST /_emulator/schedule): the out-of-process
 * equivalent of `emulator.onRequest(...)` + `emulator.advance(...)` for changing data while a
 * paged read is in progress.
 */
import { endpointMatches } from "./faults.js";
import type { ChangeSpec, RequestHook } from "./types.js";

export interface ScheduledChange {
  /** Matched like FaultSpec.endpoint ("chats", "incremental/chats", ...); omit = any. */
  endpoint?: string;
  /** Apply the change once this many matching requests have been let through (default 0). */
  afterRequests?: number;
  change: ChangeSpec;
}

interface Pending {
  spec: ScheduledChange;
  endpoint: string | null;
  seen: number;
}

export interface AppliedChange extends ScheduledChange {
  /** Set when advance() refused the change (e.g. seconds <= 0). */
  error?: string;
}

export class ChangeScheduler {
  private pending: Pending[] = [];
  private readonly applied: AppliedChange[] = [];

  constructor(
    onRequest: (hook: RequestHook) => unknown,
    private readonly advance: (change: ChangeSpec) => void,
  ) {
    onRequest(({ endpoint }) => {
      for (const p of [...this.pending]) {
        if (p.endpoint !== null && !endpointMatches(p.endpoint, endpoint)) continue;
        if (p.seen++ < (p.spec.afterRequests ?? 0)) continue;
        this.pending = this.pending.filter((q) => q !== p);
        this.apply(p.spec);
      }
    });
  }

  add(spec: ScheduledChange): void {
    if (typeof spec?.change?.seconds !== "number")
      throw new RangeError("schedule: change.seconds is required");
    const after = spec.afterRequests ?? 0;
    if (!Number.isInteger(after) || after < 0) throw new RangeError("schedule: afterRequests must be >= 0");
    const endpoint = spec.endpoint?.replace(/^\/+|\/+$/g, "") || null;
    this.pending.push({ spec: structuredClone(spec), endpoint, seen: 0 });
  }

  clear(): void {
    this.pending = [];
  }

  state(): { pending: ScheduledChange[]; applied: AppliedChange[] } {
    return { pending: this.pending.map((p) => p.spec), applied: [...this.applied] };
  }

  private apply(spec: ScheduledChange): void {
    try {
      this.advance(spec.change);
      this.applied.push(spec);
    } catch (err) {
      // The request that triggered it must still be answered normally.
      this.applied.push({ ...spec, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
