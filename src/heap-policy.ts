import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past what survived the last full GC before it collects
 * again, in percent. V8's default factor is up to 4 × (when the heap limit is 2 GiB or more, as it
 * is by default on any machine or container of 8 GiB and up), computed from the GC and mutator
 * speeds it measures. A sync keeps ~20 MB alive (code, the page in hand, the dedup keys of the
 * last pages) while it allocates steadily, so at 4 × the heap reaches ~80 MB of mostly dead pages,
 * later in a long sync than in a short one: peak RSS grew ~25% from 100k to 1M chats while the
 * process held no more. At 1.5 × the peak is lower and the same at any length, for ~10% more CPU in
 * full GCs, which a rate-limited sync never notices (measured in bench/README.md).
 */
export const HEAP_GROWING_PERCENT = 50;

/** True unless the process was started with a growing factor of its own (`node --heap-growing-percent=N`). */
export function setsHeapGrowth(execArgv: readonly string[]): boolean {
  return !execArgv.some((flag) => /^--heap[-_]growing[-_]percent(=|$)/.test(flag));
}

/**
 * Sets the growing factor for this process, unless it was started with one. Called first thing:
 * V8 reads the flag whenever it sizes the heap after a full GC, so it governs the whole sync. (V8
 * flags are not allowed in NODE_OPTIONS; `node --heap-growing-percent=0 dist/main.js` restores
 * V8's own policy.)
 */
export function applyHeapPolicy(execArgv: readonly string[] = process.execArgv): void {
  if (setsHeapGrowth(execArgv)) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
