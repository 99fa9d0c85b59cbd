// JSON response bodies as text for JSON.parse: the fast, exact decoding the client and the record
// splitter share.

/** UTF-8 bytes as text, without a byte-order mark (as undici's body.text() reads them). */
export function utf8Text(bytes: Buffer): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString("utf8", bom ? 3 : 0);
}

const HEX = "0123456789abcdef";

/**
 * Where the escaped text is assembled, reused page after page (jsonText is synchronous, so one
 * call at a time), up to this size; a larger body gets a buffer of its own that the GC takes back.
 */
const SCRATCH_MAX_BYTES = 8 * 1024 * 1024;
let scratch: Buffer | undefined;

/** A buffer of at least `bytes`, holding the first `keep` bytes of `current`. */
function escapeBuffer(current: Buffer | undefined, keep: number, bytes: number): Buffer {
  if (current === undefined && scratch !== undefined && scratch.length >= bytes) return scratch;
  const grown = Buffer.allocUnsafeSlow(Math.max(bytes, current ? current.length * 2 : 0));
  if (current !== undefined) current.copy(grown, 0, 0, keep);
  if (grown.length <= SCRATCH_MAX_BYTES) scratch = grown;
  return grown;
}

/** Writes `\uXXXX` for one UTF-16 unit at `at`; returns the position after it. */
function writeEscape(out: Buffer, at: number, unit: number): number {
  out[at] = 0x5c; // backslash
  out[at + 1] = 0x75; // u
  out[at + 2] = HEX.charCodeAt((unit >> 12) & 15);
  out[at + 3] = HEX.charCodeAt((unit >> 8) & 15);
  out[at + 4] = HEX.charCodeAt((unit >> 4) & 15);
  out[at + 5] = HEX.charCodeAt(unit & 15);
  return at + 6;
}

/**
 * A JSON body as text for JSON.parse, parsing to exactly what the UTF-8 text would. Decoding UTF-8
 * that holds any non-Latin-1 character gives a two-byte string: twice the memory, slower to
 * decode, and values parsed from it serialise more slowly. So each non-ASCII character (legal in
 * JSON only inside a string, and there `\uXXXX` means the same) is written as its escape and the
 * rest is taken byte for byte (Latin-1: one byte per character). Anything unusual — malformed
 * UTF-8, or a non-ASCII byte right after a backslash (invalid JSON, which an escape could turn
 * valid) — is decoded as UTF-8 as before, so JSON.parse sees the very text it always saw.
 *
 * The escaped text is assembled as bytes in a reused buffer and turned into one string at the end:
 * joining string pieces instead (a slice per ASCII run, an escape string per character) allocated
 * about twice the body in short-lived strings per page — as much young-generation garbage as the
 * parse itself — and JSON.parse then had to flatten the rope (another copy).
 */
export function jsonText(bytes: Buffer): string {
  return escapedJsonText(bytes) ?? utf8Text(bytes);
}

/** jsonText's escaping, or `undefined` for bytes it leaves to the UTF-8 decoder (see jsonText). */
export function escapedJsonText(bytes: Buffer): string | undefined {
  const n = bytes.length;
  const start = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // ASCII runs are skipped four bytes at a time (a page is mostly ASCII); the bytes are aligned
  // when they start a buffer of their own, as a response body does.
  const words =
    (bytes.byteOffset & 3) === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, n >>> 2) : undefined;
  let out: Buffer | undefined;
  let used = 0;
  let from = start;
  let i = start;
  while (i < n) {
    if (words !== undefined && (i & 3) === 0) {
      let w = i >>> 2;
      while (w < words.length && ((words[w] as number) & 0x80808080) === 0) w++;
      i = w << 2;
      if (i >= n) break;
    }
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let cp: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      cp = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      cp = lead & 0x07;
    } else return undefined;
    if (i + length > n || bytes[i - 1] === 0x5c) return undefined;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k] as number;
      if ((next & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are malformed.
    if (
      (length === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (length === 4 && (cp < 0x10000 || cp > 0x10ffff))
    )
      return undefined;
    // Room for the run before it, its escape(s) (at most 12 bytes) and the rest of the body as is.
    const needed = used + (i - from) + 12 + (n - i - length);
    if (out === undefined || out.length < needed)
      out = escapeBuffer(out, used, Math.max(needed, n + (n >> 2)));
    used += bytes.copy(out, used, from, i);
    if (cp < 0x10000) used = writeEscape(out, used, cp);
    else {
      used = writeEscape(out, used, 0xd800 + ((cp - 0x10000) >> 10));
      used = writeEscape(out, used, 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
    i += length;
    from = i;
  }
  // The text is ASCII now (every other byte was escaped), so UTF-8 decodes it to the same one-byte
  // string; Node makes a Latin-1 string of more than ~1 MB an external one instead, whose memory
  // lives outside the heap until a GC finalises it and whose megabytes page after page hasten
  // full GCs (measured: ~25 MB more external memory at the peak than the heap strings).
  if (out === undefined) return bytes.toString("utf8", from, n);
  used += bytes.copy(out, used, from, n);
  return out.toString("utf8", 0, used);
}
