const RECORD_START = Buffer.from('{"type":"RECORD","record":{"stream":"', "latin1");
const DATA_START = Buffer.from(',"data":{', "latin1");
const EMITTED_AT = Buffer.from(',"emitted_at":', "latin1");
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACE = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * A RECORD line in the shape the connector's writer prints it (`src/protocol/writer.ts`: the envelope
 * `{"type":"RECORD","record":{"stream":"…","data":{…},"emitted_at":N}}`, `emitted_at` last), read
 * from its bytes without parsing the data: sync spools the line as it came and DuckDB parses it once.
 * Any other line (or a line cut short) → undefined, and it is parsed whole.
 */
export function recordLine(
  bytes: Buffer,
  start: number,
  end: number,
): { stream: string; emittedAt: number } | undefined {
  if (end - start < RECORD_START.length + 20) return undefined;
  if (bytes.compare(RECORD_START, 0, RECORD_START.length, start, start + RECORD_START.length) !== 0)
    return undefined;
  const nameStart = start + RECORD_START.length;
  const nameEnd = bytes.indexOf(QUOTE, nameStart);
  if (nameEnd < 0 || nameEnd >= end) return undefined;
  if (bytes.compare(DATA_START, 0, DATA_START.length, nameEnd + 1, nameEnd + 1 + DATA_START.length) !== 0)
    return undefined;
  // `…}` `,"emitted_at":` digits `}}`
  if (bytes[end - 1] !== CLOSE_BRACE || bytes[end - 2] !== CLOSE_BRACE) return undefined;
  let digits = end - 2;
  let emittedAt = 0;
  let scale = 1;
  while (digits > nameEnd) {
    const byte = bytes[digits - 1] as number;
    if (byte < DIGIT_0 || byte > DIGIT_9) break;
    emittedAt += (byte - DIGIT_0) * scale;
    scale *= 10;
    digits--;
  }
  if (digits === end - 2 || digits - EMITTED_AT.length <= nameEnd) return undefined;
  const emittedStart = digits - EMITTED_AT.length;
  if (bytes.compare(EMITTED_AT, 0, EMITTED_AT.length, emittedStart, digits) !== 0) return undefined;
  if (bytes[emittedStart - 1] !== CLOSE_BRACE) return undefined;
  for (let i = nameStart; i < nameEnd; i++) if (bytes[i] === BACKSLASH) return undefined;
  return { stream: bytes.toString("utf8", nameStart, nameEnd), emittedAt };
}
