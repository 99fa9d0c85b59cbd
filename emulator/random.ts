/**
 * Deterministic pseudo-randomness. Every generated record derives its own small PRNG from
 * (seed, index, salt) so any record can be produced on demand, in any order, without
 * generating the records before it — that is what lets the emulator serve a million chats
 * without holding them in memory.
 */

/** murmur3 finaliser: a cheap, well-mixed 32-bit avalanche. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash up to three numbers (integers, possibly > 2^32) into an unsigned 32-bit value. */
export function hash(a: number, b = 0, c = 0): number {
  let h = fmix32((a >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ (Math.floor(a / 4294967296) >>> 0));
  h = fmix32(h ^ (b >>> 0) ^ 0x27d4eb2f);
  h = fmix32(h ^ (Math.floor(b / 4294967296) >>> 0));
  h = fmix32(h ^ (c >>> 0) ^ 0x165667b1);
  return h;
}

/** FNV-1a of a string, mixed: an unsigned 32-bit value to feed into hash(). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** Hash to a float in [0, 1). */
export function hashFloat(a: number, b = 0, c = 0): number {
  return hash(a, b, c) / 4294967296;
}

/** mulberry32: tiny and fast; quality is plenty for fake data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static from(a: number, b = 0, c = 0): Rng {
    return new Rng(hash(a, b, c));
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from empty list");
    return item;
  }

  /** k distinct items (k clamped to the list length), in list order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const chosen: T[] = [];
    let needed = Math.min(k, items.length);
    for (let i = 0; i < items.length && needed > 0; i++) {
      // Selection sampling keeps list order and needs no shuffle buffer.
      if (this.next() * (items.length - i) < needed) {
        chosen.push(items[i] as T);
        needed--;
      }
    }
    return chosen;
  }

  /** Random string over an alphabet. */
  chars(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

/** Base62 alphabet in ASCII order, so fixed-width encodings sort like the numbers they encode. */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Fixed-width base62 encoding (ASCII-sortable). */
export function base62(value: number, width: number): string {
  let s = "";
  let v = Math.floor(value);
  for (let i = 0; i < width; i++) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s;
}
