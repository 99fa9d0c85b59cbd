/**
 * Work that must not be cut off by a stop signal: an OAuth refresh in flight has already used up
 * the old refresh token, and only its answer (sent on in a CONTROL message) holds the new one.
 * The signal handler waits for such work, for a bounded time, before it ends the process.
 */
const pending = new Set<Promise<unknown>>();

export function critical<T>(work: Promise<T>): Promise<T> {
  pending.add(work);
  const forget = () => {
    pending.delete(work);
  };
  work.then(forget, forget);
  return work;
}

/** Resolves when all critical work has settled, or after `timeoutMs`, whichever comes first. */
export async function settleCritical(timeoutMs: number): Promise<void> {
  if (pending.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled([...pending]).then(() => undefined), timeout]);
  clearTimeout(timer);
}
