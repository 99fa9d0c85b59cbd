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

// Large enough that stdout sees few write calls (each is a syscall), small next to a page.
const DEFAULT_BUFFER_BYTES = 256 * 1024;
// Records alone may wait this long in the buffer (a slow small stream still shows progress).
const DEFAULT_RECORD_DELAY_MS = 250;
// Room kept past the flush threshold, so the record that crosses it still fits in the same chunk.
const SLACK_BYTES = 64 * 1024;
// How much output may wait in the stream, in buffers of `bufferBytes`, before we stop for `drain`:
// about one page of records (~3.3 MB for 1000 chats). The stream's own high-water mark (16 KiB for
// stdout) is far below one of our chunks, so stopping whenever write() returned false handed control
// to the event loop a dozen times a page; the prefetched next page was then decoded and parsed while
// the current one was still being written, two pages alive at once. Chunks whose write completed
// are kept (as many as can be queued) to be filled again.
const QUEUED_CHUNKS = 12;

/**
 * The only thing that writes to stdout. Messages are encoded (UTF-8) straight into a byte buffer
 * that is written in large chunks: a write per record costs more than the serialisation, and
 * building one big string first (then encoding it) costs a copy of everything and, for strings
 * that size, old-generation garbage that keeps V8's heap large. Every message other than a RECORD
 * (STATE, CONTROL, TRACE, LOG) flushes the buffer at once, records before it included, so a
 * checkpoint or a refreshed token reaches the platform the moment it exists, and a crash right
 * after cannot lose it. Records alone are flushed after a short delay. When more than about a page
 * of output waits in the stream (`writableLength`), we wait for `drain`, so a slow reader bounds
 * memory.
 * Chunks are reused once the stream is done with them.
 */
export class MessageWriter {
  /** The chunk being filled, and how many of its bytes are used. */
  private chunk: Buffer | undefined;
  private used = 0;
  /** Chunks filled but not written yet (only when a record did not fit the rest of a chunk). */
  private sealed: Buffer[] = [];
  private readonly spare: Buffer[] = [];
  private waitingForDrain: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly recordPrefixes = new Map<string, Buffer>();
  /** When output was last handed to the stream (epoch ms): what a heartbeat measures silence from. */
  lastWriteMs = Date.now();

  constructor(
    private readonly out: Writable = process.stdout,
    private readonly bufferBytes = DEFAULT_BUFFER_BYTES,
    private readonly recordDelayMs = DEFAULT_RECORD_DELAY_MS,
  ) {}

  /** Writes a message (and any records buffered before it); resolves once backpressure allows more. */
  async write(message: AirbyteMessage): Promise<void> {
    const line = `${JSON.stringify(message)}\n`;
    this.append(line, line.length * 3);
    await this.flush();
  }

  async flush(): Promise<void> {
    this.clearTimer();
    if (this.waitingForDrain) await this.waitingForDrain;
    const chunks = this.take();
    if (chunks.length === 0) return;
    this.lastWriteMs = Date.now();
    for (const chunk of chunks) {
      const full = chunk.buffer;
      // Reused once the stream has written it (the callback); a short chunk of its own is not.
      const release = full ? () => this.recycle(full) : undefined;
      this.out.write(chunk.bytes, release);
    }
    // Past the stream's high-water mark write() returns false, and `drain` comes once it is empty.
    if (this.out.writableLength > this.bufferBytes * QUEUED_CHUNKS) {
      this.waitingForDrain = this.drained();
      await this.waitingForDrain;
      this.waitingForDrain = undefined;
    }
  }

  /**
   * The hot path: one call per record. The envelope is spliced around the serialised data instead of
   * serialising a wrapper object, which saves an object and a walk per record; the prefix is copied
   * as bytes. Returns a promise only when the record filled the buffer (then it resolves once the
   * flush is accepted): awaiting `undefined` costs less than a promise per record.
   */
  record(stream: string, data: JsonObject): Promise<void> | undefined {
    const prefix = this.recordPrefix(stream);
    const json = JSON.stringify(data);
    const suffix = `,"emitted_at":${Date.now()}}}\n`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    const chunk = this.room(prefix.length + json.length * 3 + suffix.length);
    this.used += prefix.copy(chunk, this.used);
    this.used += chunk.write(json, this.used, "utf8");
    return this.endRecord(chunk, suffix);
  }

  /**
   * A record whose data is `bytes[start, end)`: one JSON object, on one line, in UTF-8 (the API's
   * own bytes of a record passed on unchanged; see source/raw-records.ts). Copied, not serialised.
   */
  recordBytes(stream: string, bytes: Buffer, start: number, end: number): Promise<void> | undefined {
    const prefix = this.recordPrefix(stream);
    const suffix = `,"emitted_at":${Date.now()}}}\n`;
    const chunk = this.room(prefix.length + (end - start) + suffix.length);
    this.used += prefix.copy(chunk, this.used);
    this.used += bytes.copy(chunk, this.used, start, end);
    return this.endRecord(chunk, suffix);
  }

  private recordPrefix(stream: string): Buffer {
    let prefix = this.recordPrefixes.get(stream);
    if (prefix === undefined) {
      prefix = Buffer.from(`{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`, "utf8");
      this.recordPrefixes.set(stream, prefix);
    }
    return prefix;
  }

  private endRecord(chunk: Buffer, suffix: string): Promise<void> | undefined {
    this.used += chunk.write(suffix, this.used, "latin1");
    if (this.bufferedBytes() >= this.bufferBytes) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), this.recordDelayMs).unref();
    return undefined;
  }

  /** Bytes buffered and not yet handed to the stream. */
  private bufferedBytes(): number {
    let n = this.used;
    for (const chunk of this.sealed) n += chunk.length;
    return n;
  }

  private append(text: string, maxBytes: number): void {
    const chunk = this.room(maxBytes);
    this.used += chunk.write(text, this.used, "utf8");
  }

  /** A chunk with at least `bytes` free after `used`. */
  private room(bytes: number): Buffer {
    const chunk = this.chunk;
    if (chunk && chunk.length - this.used >= bytes) return chunk;
    if (chunk && this.used > 0) this.sealed.push(chunk.subarray(0, this.used));
    const size = Math.max(this.bufferBytes + SLACK_BYTES, bytes);
    const fresh = this.spare.pop() ?? Buffer.allocUnsafeSlow(size);
    this.chunk = fresh.length >= bytes ? fresh : Buffer.allocUnsafeSlow(size);
    this.used = 0;
    return this.chunk;
  }

  /** Everything buffered, in order, to be written; the chunk being filled starts afresh. */
  private take(): Array<{ bytes: Buffer; buffer: Buffer | undefined }> {
    const out: Array<{ bytes: Buffer; buffer: Buffer | undefined }> = this.sealed.map((bytes) => ({
      bytes,
      buffer: undefined,
    }));
    this.sealed = [];
    if (this.chunk && this.used > 0) {
      out.push({ bytes: this.chunk.subarray(0, this.used), buffer: this.chunk });
      this.chunk = undefined;
      this.used = 0;
    }
    return out;
  }

  private recycle(buffer: Buffer): void {
    if (this.spare.length <= QUEUED_CHUNKS && buffer.length === this.bufferBytes + SLACK_BYTES)
      this.spare.push(buffer);
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

  /**
   * A new config (rotated tokens). Resolves only once the stream has handed every byte on: an API
   * that rotates refresh tokens (Zendesk Support) has already killed the old pair, so the new one
   * must not sit in our buffers while the sync goes on — a kill then would lock the next sync out.
   */
  async controlConfig(config: JsonObject): Promise<void> {
    await this.write({
      type: "CONTROL",
      control: { type: "CONNECTOR_CONFIG", emitted_at: Date.now(), connectorConfig: { config } },
    });
    if (this.out.writableLength > 0) await this.drained();
  }

  /** Resolves at the stream's next `drain` (or when it closes or fails: nothing more to wait for). */
  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
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
  }
}
