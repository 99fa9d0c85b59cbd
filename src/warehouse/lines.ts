const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Called for each line: its bytes are `bytes[start, end)`, without the `\n` (or `\r\n`) ending. */
export type OnLine = (bytes: Buffer, start: number, end: number) => void;

/**
 * Splits a byte stream (UTF-8, `\n` or `\r\n` ended; a last line without one too) into lines found
 * in its chunks, without decoding them: sync copies a RECORD line's bytes to its spool as they came
 * and decodes the other lines only. Decoding every line (readline, then a generator of strings) cost
 * sync more CPU than DuckDB's load and slowed the read it waits on. A line longer than a chunk is
 * kept as its pieces and joined once, when its end comes.
 */
export class LineSplitter {
  private pieces: Buffer[] = [];

  /** Calls `onLine` for each line `chunk` completes, in order. */
  push(chunk: Buffer, onLine: OnLine): void {
    let start = 0;
    let end = chunk.indexOf(LINE_FEED);
    if (end >= 0 && this.pieces.length > 0) {
      // The joined line keeps its `\n`: a spool copies a line with its ending.
      const line = Buffer.concat([...this.pieces, chunk.subarray(0, end + 1)]);
      this.pieces = [];
      emit(line, 0, line.length - 1, onLine);
      start = end + 1;
      end = chunk.indexOf(LINE_FEED, start);
    }
    for (; end >= 0; end = chunk.indexOf(LINE_FEED, start)) {
      emit(chunk, start, end, onLine);
      start = end + 1;
    }
    if (start < chunk.length) this.pieces.push(chunk.subarray(start));
  }

  /** The stream has ended: its last line, when it had no `\n`. */
  end(onLine: OnLine): void {
    if (this.pieces.length === 0) return;
    const line = Buffer.concat(this.pieces);
    this.pieces = [];
    emit(line, 0, line.length, onLine);
  }
}

function emit(bytes: Buffer, start: number, end: number, onLine: OnLine): void {
  onLine(bytes, start, end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
}

/** A line's text. */
export function lineText(bytes: Buffer, start: number, end: number): string {
  return bytes.toString("utf8", start, end);
}
