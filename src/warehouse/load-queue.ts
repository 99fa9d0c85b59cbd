/**
 * The DuckDB work of a sync (merges, state, swaps), run one job at a time in the order given, while
 * the read goes on: the connector keeps reading the next checkpoint's records while the last one's
 * are loaded, instead of waiting on its stdout. At most `limit` jobs wait; past that, `room()` holds
 * the reader back (the records themselves wait on disk, in their spool files).
 *
 * A job that fails stops the queue: the jobs after it never run (a later checkpoint's state must not
 * be saved without the records before it), and `drain()` and `room()` reject with its error.
 */
export class LoadQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: { error: unknown } | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly limit = 2) {}

  /** Queues a job after every job queued before it. */
  add(job: () => Promise<void>): void {
    this.pending++;
    this.tail = this.tail.then(async () => {
      try {
        if (!this.failure) await job();
      } catch (error) {
        this.failure = { error };
      } finally {
        this.pending--;
        for (const wake of this.waiters.splice(0)) wake();
      }
    });
  }

  /** Whether a job has failed (the read should stop: nothing more will be loaded). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Resolves once fewer than `limit` jobs wait; rejects if a job failed. */
  async room(): Promise<void> {
    while (this.pending >= this.limit && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure.error;
  }

  /** Resolves once every queued job has run; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }
}
