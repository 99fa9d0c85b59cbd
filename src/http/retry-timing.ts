// Pure timing rules for retries, kept apart from the client so they can be tested on plain values.

const MAX_RETRY_AFTER_MS = 15 * 60 * 1000;

/**
 * Parses a Retry-After header: delta-seconds ("30", "1.5") or an HTTP date. Returns milliseconds to
 * wait, or undefined when absent or unparseable (the caller then falls back to its own backoff).
 * `now` is the server's clock when known, since an HTTP date is in server time.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined || header.trim() === "") return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** Exponential backoff with full jitter (AWS architecture blog): uniform in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
) {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
