/**
 * Retry and timeout tuning from the environment (`<PREFIX>_BACKOFF_BASE_MS`, `_BACKOFF_CAP_MS`,
 * `_TIMEOUT_MS`, `_MAX_ATTEMPTS`), for tests and unusual networks; unset values keep the defaults.
 */
export function tuningFromEnv(prefix: string) {
  const number = (name: string) => {
    const value = process.env[`${prefix}_${name}`];
    return value !== undefined && value !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
  };
  return {
    backoffBaseMs: number("BACKOFF_BASE_MS"),
    backoffCapMs: number("BACKOFF_CAP_MS"),
    timeoutMs: number("TIMEOUT_MS"),
    maxAttempts: number("MAX_ATTEMPTS"),
  };
}
