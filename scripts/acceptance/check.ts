import type { AcceptanceContext } from "./context.js";

/** One acceptance check: throws an AssertionError with a clear message, or SkipCheck. */
export interface Check {
  name: string;
  run(ctx: AcceptanceContext): Promise<void>;
}

/** Names a test entry when a section has several: `basic_read` or `basic_read #2`. */
export function entryLabel(section: string, index: number, count: number): string {
  return count > 1 ? `${section} #${index + 1}` : section;
}
