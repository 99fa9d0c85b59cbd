/**
 * Where every chat sits in the incremental order, without materialising the chats.
 *
 * Base chats 0..N-1 are virtual: chat i's update_timestamp and id are pure functions of
 * (seed, i), non-decreasing in i, so the incremental order (update_timestamp, id) is simply
 * index order and a start cursor is found by binary search. Chats created or updated by clock
 * advances live in a small overlay, sorted by the same key; a page is a merge of the two
 * streams, skipping base positions whose chat has moved into the overlay (an updated chat
 * leaves its old position and reappears at its new update_timestamp).
 */
import { yymm } from "../clock.js";
import { BASE62, base62, hashFloat, Rng } from "../random.js";

export interface ChatRef {
  index: number;
  id: string;
  /** The second the chat ended/was created: everything but the update history derives from it. */
  anchorSec: number;
  /** Current update_timestamp (epoch seconds). */
  ts: number;
  /** update_timestamp of each update applied since creation, oldest first. */
  updates: readonly number[];
}

interface OverlayEntry extends ChatRef {
  updates: number[];
}

const NO_UPDATES: readonly number[] = Object.freeze([]);

/** Total order of the incremental chats endpoint: update_timestamp, then id (string order). */
export function compareKey(tsA: number, idA: string, tsB: number, idB: string): number {
  if (tsA !== tsB) return tsA - tsB;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

export interface ChatIndexOptions {
  seed: number;
  accountId: number;
  baseCount: number;
  sameSecondChats: number;
  fromSec: number;
  toSec: number;
}

export class ChatIndex {
  readonly baseCount: number;
  private readonly seed: number;
  private readonly accountId: number;
  private readonly fromSec: number;
  private readonly span: number;
  /** First index of the same-second block and its length. */
  private readonly blockStart: number;
  private readonly blockLen: number;
  /** Number of distinct time positions (the same-second block occupies one). */
  private readonly positions: number;
  /** Shifts the encoded index so ids don't all start with "0"; ids stay ASCII-sortable. */
  private readonly idOffset: number;
  private readonly overlay = new Map<number, OverlayEntry>();
  private readonly sorted: OverlayEntry[] = [];
  private nextIndex: number;

  constructor(o: ChatIndexOptions) {
    this.seed = o.seed;
    this.accountId = o.accountId;
    this.baseCount = Math.max(0, Math.floor(o.baseCount));
    this.fromSec = o.fromSec;
    this.span = Math.max(1, o.toSec - o.fromSec);
    this.blockLen = Math.min(this.baseCount, Math.max(0, Math.floor(o.sameSecondChats)));
    this.blockStart = Math.floor((this.baseCount - this.blockLen) / 2);
    this.positions = this.blockLen > 0 ? this.baseCount - this.blockLen + 1 : this.baseCount;
    this.idOffset = 62 ** 5 * (10 + (Math.abs(Math.floor(o.seed)) % 20));
    this.nextIndex = this.baseCount;
  }

  /** All chats ever created (base + new). */
  total(): number {
    return this.nextIndex;
  }

  /** update_timestamp of base chat i as generated (before any update). */
  baseTs(i: number): number {
    const { blockStart, blockLen } = this;
    // Chats in the same-second block all share the block's single position.
    const pos =
      blockLen === 0 || i < blockStart ? i : i < blockStart + blockLen ? blockStart : i - blockLen + 1;
    // (pos + jitter) keeps timestamps irregular yet non-decreasing in i.
    const jitter = hashFloat(this.seed, pos, 0x75);
    return this.fromSec + Math.floor(((pos + jitter) * this.span) / this.positions);
  }

  /** Chat ids look like "2606.10414779.0AbCdEfGhIjKl": YYMM, account id, 13 base62 chars. */
  makeId(index: number, sec: number): string {
    // The first six chars encode the index, so within a second ids sort in generation order.
    const tail = Rng.from(this.seed, index, 0x1d).chars(7, BASE62);
    return `${yymm(sec)}.${this.accountId}.${base62(this.idOffset + index, 6)}${tail}`;
  }

  ref(index: number): ChatRef {
    const moved = this.overlay.get(index);
    if (moved) return moved;
    if (index < 0 || index >= this.baseCount) throw new RangeError(`no chat ${index}`);
    const ts = this.baseTs(index);
    return { index, id: this.makeId(index, ts), anchorSec: ts, ts, updates: NO_UPDATES };
  }

  /** Create a chat at update_timestamp `sec`; calls must come in non-decreasing `sec` order. */
  addNew(sec: number): ChatRef {
    const index = this.nextIndex++;
    const entry: OverlayEntry = { index, id: this.makeId(index, sec), anchorSec: sec, ts: sec, updates: [] };
    this.overlay.set(index, entry);
    this.insertSorted(entry);
    return entry;
  }

  /** The chat last in export order (the highest update_timestamp, then id), if any. */
  newest(): ChatRef | undefined {
    const overlayLast = this.sorted.at(-1);
    let i = this.baseCount - 1;
    while (i >= 0 && this.overlay.has(i)) i--;
    const base = i >= 0 ? this.ref(i) : undefined;
    if (!base) return overlayLast;
    if (!overlayLast) return base;
    return compareKey(base.ts, base.id, overlayLast.ts, overlayLast.id) > 0 ? base : overlayLast;
  }

  /** Move chat `index` to update_timestamp `sec` (later than its current one, or the same second). */
  update(index: number, sec: number): ChatRef {
    let entry = this.overlay.get(index);
    if (entry) {
      this.removeSorted(entry);
    } else {
      const base = this.ref(index);
      entry = { ...base, updates: [] };
      this.overlay.set(index, entry);
    }
    entry.ts = sec;
    entry.updates.push(sec);
    this.insertSorted(entry);
    return entry;
  }

  /**
   * Chats in incremental order from a cursor: with `startId` null, every chat with
   * update_timestamp >= startTs; otherwise chats strictly after (startTs, startId).
   */
  *scan(startTs: number, startId: string | null): Generator<ChatRef> {
    let i = this.baseLowerBound(startTs, startId);
    let j = this.sortedLowerBound(startTs, startId);
    const n = this.baseCount;
    const sorted = this.sorted;
    const overlay = this.overlay;
    for (;;) {
      while (i < n && overlay.has(i)) i++;
      const o = sorted[j];
      if (i < n) {
        const ts = this.baseTs(i);
        const id = this.makeId(i, ts);
        if (!o || compareKey(ts, id, o.ts, o.id) < 0) {
          yield { index: i, id, anchorSec: ts, ts, updates: NO_UPDATES };
          i++;
          continue;
        }
      }
      if (!o) return;
      yield o;
      j++;
    }
  }

  private isAfterCursor(ts: number, id: string, startTs: number, startId: string | null): boolean {
    if (startId === null) return ts >= startTs;
    return compareKey(ts, id, startTs, startId) > 0;
  }

  private baseLowerBound(startTs: number, startId: string | null): number {
    let lo = 0;
    let hi = this.baseCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ts = this.baseTs(mid);
      // Only build the id when the timestamp alone can't decide.
      const after =
        ts !== startTs ? ts > startTs : this.isAfterCursor(ts, this.makeId(mid, ts), startTs, startId);
      if (after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private sortedLowerBound(startTs: number, startId: string | null): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.sorted[mid] as OverlayEntry;
      if (this.isAfterCursor(e.ts, e.id, startTs, startId)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private position(e: ChatRef): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid] as OverlayEntry;
      if (compareKey(m.ts, m.id, e.ts, e.id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertSorted(e: OverlayEntry): void {
    const at = this.position(e);
    if (at === this.sorted.length) this.sorted.push(e);
    else this.sorted.splice(at, 0, e);
  }

  private removeSorted(e: OverlayEntry): void {
    const at = this.position(e);
    if (this.sorted[at] !== e) throw new Error("chat overlay out of order");
    this.sorted.splice(at, 1);
  }
}
