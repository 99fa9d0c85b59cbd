import { AssertionError } from "node:assert";

/** A check that cannot apply (a bypassed section, nothing configured): reported SKIP, not FAIL. */
export class SkipCheck extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "SkipCheck";
  }
}

/** Fails the current check with a message meant for the person reading the report. */
export function fail(message: string): never {
  throw new AssertionError({ message });
}

export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) fail(typeof message === "function" ? message() : message);
}

export function skip(reason: string): never {
  throw new SkipCheck(reason);
}

/** Collects problems and fails once with all of them (at most `limit` listed). */
export class Problems {
  private readonly items: string[] = [];

  add(problem: string): void {
    this.items.push(problem);
  }

  get count(): number {
    return this.items.length;
  }

  throwIfAny(summary: string, limit = 10): void {
    if (this.items.length === 0) return;
    const shown = this.items.slice(0, limit).map((item) => `  - ${item}`);
    const more = this.items.length > limit ? [`  … and ${this.items.length - limit} more`] : [];
    fail([`${summary} (${this.items.length}):`, ...shown, ...more].join("\n"));
  }
}

export function short(value: unknown, max = 200): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
