/**
 * The DuckDB work of a sync (merges, state, swaps), run one job at a time in the order given, while
 * the read goes on: the connector keeps reading the next checkpoint's records while the last one's
 * are loaded, instead of waiting on its stdout (the records wait on disk, in their spool files).
 *
 * A job that fails stops the queue: the jobs after it never run (a later checkpoint's state must not
 * be saved without the records before it), and `drain()` rejects with its error.
 */
export class LoadQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  /** Queues a job after every job queued before it. */
  add(job: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      try {
        if (!this.failure) await job();
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Whether a job has failed (the read should stop: nothing more will be loaded). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Resolves once every queued job has run; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }
}

/** Waits that end early, all of them from end() on. */
export class Pause {
  private ended = false;
  private wake: (() => void) | undefined;

  for(ms: number): Promise<void> {
    if (this.ended || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }
}
