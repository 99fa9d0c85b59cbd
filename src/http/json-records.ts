import { isAscii, isUtf8 } from "node:buffer";
import { SystemError } from "../protocol/errors.js";
import type { JsonObject } from "../protocol/messages.js";
import { releaseBody } from "./body.js";
import { escapedJsonText, utf8Text } from "./json-text.js";

/**
 * A page's records kept as the bytes they arrived in and parsed one at a time, instead of parsing
 * the whole page into objects that all stay alive while the page is written. A parsed page of 1000
 * chats (~10 MB of objects) outlived the young generation's collections and was promoted page after
 * page, which is what grew the heap and made every collection costly; a record parsed only while it
 * is screened dies young. A record passed on unchanged is written as its own bytes (no second
 * serialisation). Every record is still parsed: its key and cursor come from the parsed object.
 */
export class RecordSlices {
  private released = false;

  constructor(
    private readonly body: Buffer,
    /** Start and end (exclusive) of record i at 2i and 2i + 1. */
    private readonly spans: number[],
  ) {}

  /** The page's bytes; not to be kept: after `release` they hold another page. */
  get bytes(): Buffer {
    if (this.released) throw new SystemError("A page's records were read after the page was released.");
    return this.body;
  }

  get length(): number {
    return this.spans.length / 2;
  }

  start(i: number): number {
    return this.spans[2 * i] as number;
  }

  end(i: number): number {
    return this.spans[2 * i + 1] as number;
  }

  /** Record i, parsed. */
  parse(i: number): JsonObject {
    const slice = this.bytes.subarray(this.start(i), this.end(i));
    const text = isAscii(slice) ? slice.toString("latin1") : (escapedJsonText(slice) ?? utf8Text(slice));
    try {
      return JSON.parse(text) as JsonObject;
    } catch (error) {
      throw new SystemError(
        `Unreadable record ${i + 1} in a response from the API (${slice.length} bytes): ${(error as Error).message}`,
      );
    }
  }

  /** The page is done with: its buffer serves a later body (see releaseBody); reading it then fails. */
  release(): void {
    if (this.released) return;
    this.released = true;
    releaseBody(this.body);
  }
}

/** Where a body's records lie: the array under a top-level key, or (`key: null`) the body itself. */
export interface RecordsAt {
  key: string | null;
}

/**
 * Where `records` (what a stream extracted from `body`) lie, when that is certain: they must be the
 * body's own array, or one top-level value's, element for element (identity, so no element was
 * filtered out or copied). Otherwise undefined: the pages are then parsed whole, as always.
 */
export function locateRecords(body: unknown, records: readonly JsonObject[]): RecordsAt | undefined {
  if (records.length === 0) return undefined;
  if (Array.isArray(body)) return sameElements(body, records) ? { key: null } : undefined;
  if (typeof body !== "object" || body === null) return undefined;
  for (const key of Object.keys(body)) {
    const value = (body as Record<string, unknown>)[key];
    if (Array.isArray(value) && sameElements(value, records)) return { key };
  }
  return undefined;
}

/**
 * The body parsed without its records (their array left empty: next_page, count, end_time… are
 * all a paginator reads) and the records as slices. Undefined whenever the split is not certain to
 * give what JSON.parse of the whole body would — bytes that are not valid UTF-8, a key not found
 * as plain bytes (an escaped key), an element that is not an object, a line break between a
 * record's tokens (a record written as its bytes must fit on one line), an envelope that does not
 * parse — and the caller parses the whole body instead.
 */
export function splitRecords(
  bytes: Buffer,
  at: RecordsAt,
): { envelope: unknown; records: RecordSlices } | undefined {
  if (!isUtf8(bytes)) return undefined;
  const array = at.key === null ? topLevelArray(bytes) : arrayUnderKey(bytes, at.key);
  if (array === undefined) return undefined;
  const rest = Buffer.concat([bytes.subarray(0, array.start + 1), bytes.subarray(array.end - 1)]);
  let envelope: unknown;
  try {
    envelope = JSON.parse(escapedJsonText(rest) ?? utf8Text(rest));
  } catch {
    return undefined;
  }
  return { envelope, records: new RecordSlices(bytes, array.spans) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** An array's first and last byte (`[` and `]`), and its object elements' spans. */
interface ArrayBytes {
  start: number;
  end: number;
  spans: number[];
}

/** First byte after a byte-order mark and whitespace. */
function firstToken(bytes: Buffer): number {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] as number) <= SPACE) i++;
  return i;
}

/** The position after the string starting (with its quote) at `at`; -1 when it does not end. */
function stringEnd(bytes: Buffer, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    // Escaped when an odd number of backslashes precede it.
    let k = quote - 1;
    while (bytes[k] === BACKSLASH) k--;
    if (((quote - 1 - k) & 1) === 0) return quote + 1;
    from = quote + 1;
  }
}

function topLevelArray(bytes: Buffer): ArrayBytes | undefined {
  const at = firstToken(bytes);
  return bytes[at] === OPEN_ARRAY ? arrayAt(bytes, at) : undefined;
}

/** The array under `key` in a top-level object; the last one wins, as in JSON.parse. */
function arrayUnderKey(bytes: Buffer, key: string): ArrayBytes | undefined {
  const wanted = Buffer.from(key, "utf8");
  let i = firstToken(bytes);
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  i += 1;
  let found: ArrayBytes | undefined;
  let depth = 0;
  let expectKey = true;
  let matched = false;
  while (i < bytes.length) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end < 0) return undefined;
      if (depth === 0 && expectKey) {
        const length = end - i - 2;
        matched = length === wanted.length && bytes.compare(wanted, 0, length, i + 1, end - 1) === 0;
        expectKey = false;
      }
      i = end;
      continue;
    }
    if (depth === 0 && matched && c === OPEN_ARRAY) {
      found = arrayAt(bytes, i);
      if (found === undefined) return undefined;
      matched = false;
      i = found.end;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) return found;
      depth -= 1;
    } else if (depth === 0 && c === COMMA) {
      expectKey = true;
      matched = false;
    } else if (depth === 0 && matched && c !== COLON && c > SPACE) {
      matched = false; // the key's value is not an array
    }
    i += 1;
  }
  return undefined;
}

/**
 * The array opening at `at`, when its elements are all objects separated by commas, with nothing
 * but spaces and tabs between them and no line break inside one.
 */
function arrayAt(bytes: Buffer, at: number): ArrayBytes | undefined {
  const spans: number[] = [];
  let depth = 0;
  let start = -1;
  let expectElement = true;
  let i = at + 1;
  while (i < bytes.length) {
    const c = bytes[i] as number;
    if (depth === 0) {
      if (c === SPACE || c === TAB) {
        // between elements
      } else if (c === OPEN_OBJECT && expectElement) {
        start = i;
        depth = 1;
      } else if (c === COMMA && !expectElement) {
        expectElement = true;
      } else if (c === CLOSE_ARRAY && (!expectElement || spans.length === 0)) {
        return { start: at, end: i + 1, spans };
      } else return undefined;
      i += 1;
      continue;
    }
    if (c === QUOTE) {
      i = stringEnd(bytes, i);
      if (i < 0) return undefined;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth -= 1;
      if (depth === 0) {
        spans.push(start, i + 1);
        expectElement = false;
      }
    } else if (c === LINE_FEED || c === CARRIAGE_RETURN) return undefined;
    i += 1;
  }
  return undefined;
}

function sameElements(array: readonly unknown[], records: readonly JsonObject[]): boolean {
  if (array.length !== records.length) return false;
  for (let i = 0; i < array.length; i++) if (array[i] !== records[i]) return false;
  return true;
}
