import type { Readable } from "node:stream";

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** The text of a line's bytes, without the `\r` of a `\r\n` ending. */
function text(bytes: Buffer, start: number, end: number): string {
  return bytes.toString("utf8", start, end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
}

/**
 * The lines of a byte stream (UTF-8, `\n` or `\r\n` ended; a last line without one too), found in
 * the bytes and decoded one line at a time. readline decoded every chunk and split it again with a
 * regular expression: a tenth of a sync's own CPU time. A line longer than a chunk is kept as its
 * pieces and joined once, when its end comes.
 */
export async function* linesOf(input: Readable): AsyncGenerator<string> {
  let pieces: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    let end = chunk.indexOf(LINE_FEED);
    if (end >= 0 && pieces.length > 0) {
      const line = Buffer.concat([...pieces, chunk.subarray(0, end)]);
      pieces = [];
      yield text(line, 0, line.length);
      start = end + 1;
      end = chunk.indexOf(LINE_FEED, start);
    }
    for (; end >= 0; end = chunk.indexOf(LINE_FEED, start)) {
      yield text(chunk, start, end);
      start = end + 1;
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  if (pieces.length > 0) {
    const line = Buffer.concat(pieces);
    yield text(line, 0, line.length);
  }
}
