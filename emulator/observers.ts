/**
 * What tests can observe about incoming API requests: the log of unexpected requests and the
 * synchronous per-request hooks (Emulator.unexpectedRequests / Emulator.onRequest).
 */
import type { RequestHook, RequestInfo, UnexpectedRequest } from "./types.js";

/** Enough to diagnose any client bug; a client stuck in a loop must not grow memory forever. */
export const UNEXPECTED_CAP = 1000;

export class UnexpectedLog {
  private entries: UnexpectedRequest[] = [];
  private droppedCount = 0;

  record(entry: UnexpectedRequest): void {
    // Keep the first ones: the first unexpected request usually is the cause of the rest.
    if (this.entries.length < UNEXPECTED_CAP) this.entries.push(entry);
    else this.droppedCount++;
  }

  list(): UnexpectedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** How many were not kept because the log was full. */
  dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.entries = [];
    this.droppedCount = 0;
  }
}

export class RequestHooks {
  private hooks: RequestHook[] = [];

  add(hook: RequestHook): () => void {
    // A wrapper per registration, so the same function added twice is removed once per call.
    const entry: RequestHook = (info) => hook(info);
    this.hooks.push(entry);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== entry);
    };
  }

  /** Runs every hook in registration order; a hook may (un)subscribe while running. */
  fire(info: RequestInfo): void {
    for (const hook of [...this.hooks]) hook({ ...info, query: new URLSearchParams(info.query) });
  }
}
