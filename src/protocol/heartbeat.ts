import type { MessageWriter } from "./writer.js";

/**
 * How often, at most, stdout may stay silent during a read: Airbyte's platform ends a source that
 * sends nothing for longer than the `maxSecondsBetweenMessages` of its metadata (metadata.yaml
 * declares 1800 s), and a rate-limit wait, a slow answer or a token refresh can last longer than
 * that. Well under it, so a machine paused for a while still keeps it.
 */
export const DEFAULT_HEARTBEAT_MS = 60_000;

/** `ZENDESK_CHAT_HEARTBEAT_MS` (for tests and unusual platforms), else the default. */
export function heartbeatMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.ZENDESK_CHAT_HEARTBEAT_MS);
  return Number.isFinite(raw) && raw >= 10 ? raw : DEFAULT_HEARTBEAT_MS;
}

/**
 * Sends a message whenever stdout has been silent for `intervalMs`: `pulse` says what the read is
 * waiting for (a STREAM_STATUS RUNNING with RATE_LIMITED and its quota reset, or a LOG). It checks
 * a few times an interval and never keeps the process alive.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beating = false;

  constructor(
    private readonly writer: MessageWriter,
    private readonly intervalMs: number,
    private readonly pulse: () => Promise<void>,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check(), Math.max(5, this.intervalMs / 4));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (this.beating || Date.now() - this.writer.lastWriteMs < this.intervalMs) return;
    this.beating = true;
    try {
      await this.pulse();
    } finally {
      this.beating = false;
    }
  }
}
