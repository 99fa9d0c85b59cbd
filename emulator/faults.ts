/**
 * Fault injection. Each spec counts the requests it matches; a request gets at most one
 * fault — the first spec (in insertion order) that is due. Specs that are due at the same
 * time but shadowed still count the firing.
 */
import type { FaultKind, FaultSpec } from "./types.js";

const KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "500",
  "502",
  "503",
  "reset",
  "timeout",
  "slow",
  "truncated",
  "malformed",
  "401",
  "403",
  "404",
  "empty",
  "cursor_backwards",
  "repeat_page",
  "empty_with_next",
  "count_mismatch",
  "no_next_page",
  "next_page_absent",
  "end_time_absent",
  "429",
  "no_sideload",
]);

/** Faults that only make sense on incremental pages: they only match incremental endpoints. */
const INCREMENTAL_ONLY: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "cursor_backwards",
  "empty_with_next",
  "count_mismatch",
  "next_page_absent",
  "end_time_absent",
  "no_sideload",
]);

interface Active {
  spec: FaultSpec;
  endpoint: string | null;
  seen: number;
  fired: number;
  times: number;
}

export function endpointMatches(pattern: string, path: string): boolean {
  return path === pattern || path.endsWith(`/${pattern}`) || path.startsWith(`${pattern}/`);
}

export class FaultInjector {
  private active: Active[] = [];

  add(spec: FaultSpec): void {
    if (!KINDS.has(spec.kind)) throw new RangeError(`unknown fault kind: ${String(spec.kind)}`);
    if (spec.every !== undefined && !(spec.every >= 1)) throw new RangeError("fault.every must be >= 1");
    const endpoint = spec.endpoint?.replace(/^\/+|\/+$/g, "") || null;
    // A schedule (`every`) is meant to repeat, so it defaults to forever.
    const times = spec.times ?? (spec.every ? Number.POSITIVE_INFINITY : 1);
    this.active.push({ spec: { ...spec }, endpoint, seen: 0, fired: 0, times });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this request, if any. `path` is the part after /api/v2/chat/. */
  take(path: string, incremental: boolean, onlyNamed = false): FaultSpec | null {
    let chosen: FaultSpec | null = null;
    for (const a of this.active) {
      if (a.endpoint === null ? onlyNamed : !endpointMatches(a.endpoint, path)) continue;
      if (INCREMENTAL_ONLY.has(a.spec.kind) && !incremental) continue;
      const n = a.seen++;
      const k = n - (a.spec.afterRequests ?? 0);
      if (k < 0 || a.fired >= a.times) continue;
      const due = a.spec.every ? (k + 1) % a.spec.every === 0 : true;
      if (!due) continue;
      a.fired++;
      chosen ??= a.spec;
    }
    return chosen;
  }
}
