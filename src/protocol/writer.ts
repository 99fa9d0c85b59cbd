import type { Writable } from "node:stream";
import type {
  AirbyteMessage,
  AirbyteStreamState,
  FailureType,
  JsonObject,
  LogLevel,
  RateLimitedReason,
  StreamDescriptor,
  StreamStatus,
} from "./messages.js";
import { redact } from "./redact.js";

// Large enough that stdout sees few write calls (each is a syscall and a UTF-8 encode), small next to a page.
const DEFAULT_BUFFER_BYTES = 256 * 1024;
// Records alone may wait this long in the buffer (a slow small stream still shows progress).
const DEFAULT_RECORD_DELAY_MS = 250;

/**
 * The only thing that writes to stdout. Records are serialised one per line into a buffer that is
 * flushed in large chunks (a write per record costs more than the serialisation); every other
 * message (STATE, CONTROL, TRACE, LOG) flushes the buffer at once, records before it included, so a
 * checkpoint or a refreshed token reaches the platform the moment it exists, and a crash right after
 * cannot lose it. Records alone are flushed after a short delay. When the stream reports
 * backpressure (`write()` returns false) we wait for `drain`, so a slow reader bounds memory.
 */
export class MessageWriter {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private waitingForDrain: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly recordPrefixes = new Map<string, string>();

  constructor(
    private readonly out: Writable = process.stdout,
    private readonly bufferBytes = DEFAULT_BUFFER_BYTES,
    private readonly recordDelayMs = DEFAULT_RECORD_DELAY_MS,
  ) {}

  /** Writes a message (and any records buffered before it); resolves once backpressure allows more. */
  async write(message: AirbyteMessage): Promise<void> {
    const line = `${JSON.stringify(message)}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    await this.flush();
  }

  async flush(): Promise<void> {
    this.clearTimer();
    if (this.waitingForDrain) await this.waitingForDrain;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bufferedBytes = 0;
    if (!this.out.write(chunk)) {
      this.waitingForDrain = new Promise<void>((resolve) => {
        const done = () => {
          this.out.off("drain", done);
          this.out.off("close", done);
          this.out.off("error", done);
          resolve();
        };
        this.out.on("drain", done);
        this.out.on("close", done);
        this.out.on("error", done);
      });
      await this.waitingForDrain;
      this.waitingForDrain = undefined;
    }
  }

  /**
   * The hot path: one call per record. The envelope is spliced around the serialised data instead of
   * serialising a wrapper object, which saves an object and a walk per record.
   */
  async record(stream: string, data: JsonObject): Promise<void> {
    let prefix = this.recordPrefixes.get(stream);
    if (prefix === undefined) {
      prefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
      this.recordPrefixes.set(stream, prefix);
    }
    const line = `${prefix}${JSON.stringify(data)},"emitted_at":${Date.now()}}}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= this.bufferBytes) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.recordDelayMs).unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  state(stream: AirbyteStreamState, recordCount: number): Promise<void> {
    return this.write({ type: "STATE", state: { type: "STREAM", stream, sourceStats: { recordCount } } });
  }

  log(level: LogLevel, message: string): Promise<void> {
    return this.write({ type: "LOG", log: { level, message: redact(message) } });
  }

  streamStatus(stream: StreamDescriptor, status: StreamStatus, reasons?: RateLimitedReason[]): Promise<void> {
    return this.write({
      type: "TRACE",
      trace: {
        type: "STREAM_STATUS",
        emitted_at: Date.now(),
        stream_status: { stream_descriptor: stream, status, ...(reasons ? { reasons } : {}) },
      },
    });
  }

  error(error: {
    message: string;
    failureType: FailureType;
    internalMessage?: string;
    stackTrace?: string;
    stream?: StreamDescriptor;
  }): Promise<void> {
    return this.write({
      type: "TRACE",
      trace: {
        type: "ERROR",
        emitted_at: Date.now(),
        error: {
          message: redact(error.message),
          failure_type: error.failureType,
          ...(error.internalMessage ? { internal_message: redact(error.internalMessage) } : {}),
          ...(error.stackTrace ? { stack_trace: redact(error.stackTrace) } : {}),
          ...(error.stream ? { stream_descriptor: error.stream } : {}),
        },
      },
    });
  }

  connectionStatus(status: "SUCCEEDED" | "FAILED", message?: string): Promise<void> {
    return this.write({
      type: "CONNECTION_STATUS",
      connectionStatus: { status, ...(message !== undefined ? { message: redact(message) } : {}) },
    });
  }

  controlConfig(config: JsonObject): Promise<void> {
    return this.write({
      type: "CONTROL",
      control: { type: "CONNECTOR_CONFIG", emitted_at: Date.now(), connectorConfig: { config } },
    });
  }
}
