import { closeSync, openSync, writeSync } from "node:fs";

/** A file of spooled records, taken from a Spool. */
export interface SpoolFile {
  path: string;
  /** Its longest line, in bytes. */
  longestLine: number;
  /** The earliest `emitted_at` (ms) of its records. */
  earliest: number;
}

const NEWLINE = Buffer.from("\n");

/**
 * A stream's records since its last checkpoint, spooled to a file for DuckDB to load in bulk (memory
 * stays flat): one Airbyte RECORD line a record (`{"type":"RECORD","record":{…,"data":{…},
 * "emitted_at":N}}`), in the order read, copied from the connector's output as it came. Each
 * checkpoint's records go to a file of their own, so the read can go on spooling the next
 * checkpoint's records while DuckDB is still loading the last one's.
 */
export class Spool {
  private fd: number | undefined;
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private files = 0;
  private earliest = Number.POSITIVE_INFINITY;
  /** The longest line of the current file, in bytes: DuckDB's JSON reader is sized to it. */
  private longest = 0;
  /** Records spooled since the last take(). */
  count = 0;

  /** `prefix`: the files are `<prefix>-<n>.ndjson`. */
  constructor(private readonly prefix: string) {}

  /**
   * A RECORD line, `bytes[start, end)` (kept, not copied, until written: a chunk of the connector's
   * output is not reused).
   */
  addLine(bytes: Buffer, start: number, end: number, emittedAt: number): void {
    if (bytes[end] === 0x0a) this.chunks.push(bytes.subarray(start, end + 1));
    else this.chunks.push(bytes.subarray(start, end), NEWLINE);
    const length = end - start + 1;
    this.chunkBytes += length;
    if (length > this.longest) this.longest = length;
    if (emittedAt < this.earliest) this.earliest = emittedAt;
    this.count++;
    if (this.chunkBytes >= 1 << 20) this.flush();
  }

  /** A record given as its data's JSON (a RECORD line in another shape than the writer's). */
  add(dataJson: string, emittedAt: number): void {
    const line = Buffer.from(`{"type":"RECORD","record":{"data":${dataJson},"emitted_at":${emittedAt}}}\n`);
    this.addLine(line, 0, line.length - 1, emittedAt);
  }

  private path(): string {
    return `${this.prefix}-${this.files}.ndjson`;
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.fd ??= openSync(this.path(), "w");
    writeSync(this.fd, Buffer.concat(this.chunks, this.chunkBytes));
    this.chunks = [];
    this.chunkBytes = 0;
  }

  /**
   * The file holding the records spooled since the last take() (undefined if none), closed; the
   * spool goes on in a new file. The caller owns the file taken (and removes it once loaded).
   */
  take(): SpoolFile | undefined {
    if (this.count === 0) return undefined;
    this.flush();
    this.count = 0;
    const taken = { path: this.path(), longestLine: this.longest, earliest: this.earliest };
    this.longest = 0;
    this.earliest = Number.POSITIVE_INFINITY;
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    this.files++;
    return taken;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.chunks = [];
    this.chunkBytes = 0;
    this.count = 0;
    this.longest = 0;
    this.earliest = Number.POSITIVE_INFINITY;
  }
}
