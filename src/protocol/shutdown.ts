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

/**
 * A command that stops by itself on SIGINT/SIGTERM (a command for people, such as `sync`, which ends
 * its child read, logs the sync and removes its temp files) takes the signals over from the
 * protocol's handler, which would print an Airbyte TRACE and exit at once. Returns the release.
 */
let takenOver: ((signal: "SIGTERM" | "SIGINT") => void) | undefined;

export function takeOverStopSignals(handler: (signal: "SIGTERM" | "SIGINT") => void): () => void {
  takenOver = handler;
  return () => {
    if (takenOver === handler) takenOver = undefined;
  };
}

/** The handler that has taken the stop signals over, if any. */
export function stopSignalOwner(): ((signal: "SIGTERM" | "SIGINT") => void) | undefined {
  return takenOver;
}
