// Reading response bodies into buffers that are reused page after page.

/** A declared Content-Length above this is not trusted for the first allocation (the body grows it). */
const MAX_PREALLOCATED_BYTES = 64 * 1024 * 1024;
const INITIAL_BYTES = 64 * 1024;
/**
 * Buffers handed back are kept for the next bodies: per stream read at once (up to three per
 * API), the page in hand and the one prefetched. Never more than were in use at once.
 */
const MAX_SPARE_BUFFERS = 6;
/** A larger buffer is not kept: one huge body must not stay resident for the rest of the sync. */
const MAX_SPARE_BYTES = 16 * 1024 * 1024;
/** Sizes round up to this, so that pages of slightly different lengths fit the same buffer. */
const SIZE_STEP = 1024 * 1024;
/** A body declared smaller than this (an error, a short list) gets a buffer of its own, unpooled. */
const SMALL_BYTES = 64 * 1024;

const spare: Buffer[] = [];
/**
 * The whole buffer behind each body handed out, keyed by the body itself (a view of the buffer's
 * first bytes), not by the memory: a second release of a body whose buffer already serves another
 * must not hand that other body's buffer back.
 */
const handedOut = new WeakMap<Buffer, Buffer>();

function bufferFor(bytes: number): Buffer {
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    const length = (spare[i] as Buffer).length;
    if (length >= bytes && (best < 0 || length < (spare[best] as Buffer).length)) best = i;
  }
  if (best >= 0) return spare.splice(best, 1)[0] as Buffer;
  return Buffer.allocUnsafeSlow(Math.ceil(Math.max(bytes, 1) / SIZE_STEP) * SIZE_STEP);
}

/**
 * The body's bytes in one buffer, each chunk copied in as it arrives, sized from Content-Length.
 * Why not undici's `body.arrayBuffer()`: it keeps every chunk until the body ends, then copies
 * them into a new buffer of its own, page after page. A page lives while it is screened and
 * written, long enough to be promoted, so that memory (outside the JS heap) came back only at a
 * full GC, which V8 starts after ~64 MB of it has piled up, and the allocator kept much of it
 * mapped even then: together the largest part of peak RSS that moved with the run's length. Here
 * a chunk dies young, and a body handed back with `releaseBody` is reused for a later one.
 */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  contentLength: string | string[] | undefined,
): Promise<Buffer> {
  const declared = typeof contentLength === "string" ? Number(contentLength) : Number.NaN;
  const known = Number.isSafeInteger(declared) && declared >= 0 && declared <= MAX_PREALLOCATED_BYTES;
  if (known && declared < SMALL_BYTES) return Buffer.concat(await collect(body));
  let out = bufferFor(known ? declared : INITIAL_BYTES);
  let used = 0;
  for await (const chunk of body) {
    if (used + chunk.length > out.length) {
      const grown = bufferFor(Math.max(out.length * 2, used + chunk.length));
      out.copy(grown, 0, 0, used);
      giveBack(out);
      out = grown;
    }
    out.set(chunk, used);
    used += chunk.length;
  }
  const bytes = out.subarray(0, used);
  handedOut.set(bytes, out);
  return bytes;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

/**
 * The caller is done with a body from `readBody`, and nothing refers to its bytes any more: its
 * buffer serves a later body. (A body never handed back is simply collected.)
 */
export function releaseBody(bytes: Buffer): void {
  const whole = handedOut.get(bytes);
  if (whole === undefined) return;
  handedOut.delete(bytes);
  giveBack(whole);
}

function giveBack(buffer: Buffer): void {
  if (spare.length < MAX_SPARE_BUFFERS && buffer.length <= MAX_SPARE_BYTES) spare.push(buffer);
}
