import type { JsonResponse } from "../http/client.js";
import { locateRecords, type RecordSlices, type RecordsAt } from "../http/json-records.js";
import type { JsonObject } from "../protocol/messages.js";
import { fingerprint } from "./cursor.js";
import type { IdList } from "./paginator.js";
import { primaryKeyFunction, valueFunction } from "./record-fields.js";
import type { StreamDefinition } from "./stream.js";

/** What the last pages held under a key: its cursor value, and a fingerprint for the last items. */
interface Seen {
  value: number | undefined;
  print?: string;
}

/** Pages kept in memory to recognise items an API repeats across page boundaries. */
const REMEMBERED_PAGES = 2;

export interface FreshItem {
  /**
   * The parsed item; not kept when the page's records are written as their bytes and nothing else
   * needs the object (then it is parsed again from `at` in the rare case the cursor needs it).
   */
  item: JsonObject | undefined;
  /** The item's cursor value (the source stream's cursor), when it has one. */
  value: number | undefined;
  /** The item's primary key (the source stream's), when it has one. */
  key: string | undefined;
  /** Its position in the page. */
  at: number;
}

/** What the reader asks of each stream the items feed (see StreamEmitter). */
export interface ItemConsumer {
  /** True when the stream makes rows of an item, so it needs the parsed item. */
  readonly makesRows: boolean;
  /** True when the previous sync already delivered, unchanged, every row this item gives it. */
  alreadyDelivered(item: JsonObject, itemValue: number | undefined): boolean;
}

/** A page's items as the read goes on with them. */
export interface PageItems {
  /** How many items the page held. */
  count: number;
  /** The highest numeric `id` among them. */
  maxId: number | undefined;
  /** Each list's size and last id, for bodies of several id-ordered lists. */
  lists: IdList[] | undefined;
  /** The items not delivered before, in page order. */
  fresh: FreshItem[];
  /** The oldest and newest cursor values on the page. */
  oldest: number | undefined;
  newest: number | undefined;
  /** The page's records as bytes, when each item is written as it came. */
  raw: RecordSlices | undefined;
}

/**
 * Reads the items of a request sequence's pages: extracts and transforms them, sets aside the ones
 * already delivered unchanged (by an earlier page — an API repeating items: a stale page, an
 * inclusive start — or, for every stream they feed, by the previous sync at its boundary), and notes
 * the range of cursor values (the paginator needs them to tell a stale page from the end). An item
 * that comes back with a *newer* cursor value was updated while we read, and is fresh again.
 */
export class PageItemReader {
  /** Items the API sent again, unchanged, across pages. */
  repeated = 0;
  /** Where the records lie in a body, once a page showed it: later pages are split there. */
  recordsAt: RecordsAt | undefined;
  private readonly keyOf: ((record: JsonObject) => string) | undefined;
  private readonly valueOf: (record: JsonObject) => number | undefined;
  /** Key → cursor value of the items of the last pages. */
  private recentPages: Array<Map<string, Seen>> = [];

  constructor(
    private readonly source: StreamDefinition,
    private readonly emitters: readonly ItemConsumer[],
  ) {
    this.keyOf = primaryKeyFunction(source.primaryKey);
    this.valueOf = valueFunction(source);
  }

  /** The items of one page; `floor` is the lowest cursor value the page was asked for, if any. */
  read(response: JsonResponse, floor: number | undefined): PageItems {
    const { source, keyOf } = this;
    const slices = response.records;
    let extracted: JsonObject[] | undefined;
    if (slices === undefined) {
      extracted = source.extract(response.body);
      // Learnt once: the next pages are asked for split there (see http/json-records.ts). Never for
      // a body of several lists: a page where one list is empty would split at the other for good.
      if (!source.idLists) this.recordsAt ??= locateRecords(response.body, extracted);
    }
    // Items passed on unchanged are written as their bytes; the parsed object is then kept only for
    // streams that make rows of it.
    const raw = slices !== undefined && !source.transform ? slices : undefined;
    const keepItems = raw === undefined || this.emitters.some((e) => e.makesRows);
    const count = slices ? slices.length : (extracted as JsonObject[]).length;
    const fresh: FreshItem[] = [];
    const keys = new Map<string, Seen>();
    let oldest: number | undefined;
    let newest: number | undefined;
    let maxId: number | undefined;
    /** Items at the page's newest value so far: the ones an inclusive start sends again. */
    let atNewest: Array<{ key: string; item: JsonObject }> = [];
    for (let at = 0; at < count; at++) {
      const rawItem = slices ? slices.parse(at) : (extracted as JsonObject[])[at];
      const item = source.transform ? source.transform(rawItem as JsonObject) : (rawItem as JsonObject);
      if (typeof item.id === "number" && (maxId === undefined || item.id > maxId)) maxId = item.id;
      const value = this.valueOf(item);
      if (value !== undefined) {
        if (oldest === undefined || value < oldest) oldest = value;
        if (newest === undefined || value > newest) {
          newest = value;
          atNewest = [];
        }
      }
      // Below what this page was asked for (e.g. ids under the id it starts at): a stale copy of an earlier page.
      if (floor !== undefined && value !== undefined && value < floor) {
        this.repeated += 1;
        continue;
      }
      const key = keyOf?.(item);
      if (key !== undefined) {
        // Noted even for a skipped item: a page repeated twice must be recognised the second time.
        keys.set(key, { value });
        if (value !== undefined && value === newest) atNewest.push({ key, item });
        if (this.deliveredRecently(key, value, item)) {
          this.repeated += 1;
          continue;
        }
        // Delivered, unchanged, by the previous sync at its boundary (for every stream it feeds):
        // not new either, so a page of only those can end the export.
        if (this.emitters.every((emitter) => emitter.alreadyDelivered(item, value))) continue;
      }
      fresh.push({ item: keepItems ? item : undefined, value, key, at });
    }
    // Fingerprinted so that one coming back *changed* at the same value is not taken for a repeat.
    for (const { key, item } of atNewest) (keys.get(key) as Seen).print = fingerprint(item);
    this.recentPages.unshift(keys);
    this.recentPages.length = Math.min(this.recentPages.length, REMEMBERED_PAGES);
    const lists = source.idLists?.(response.body);
    return { count, maxId, lists, fresh, oldest, newest, raw };
  }

  private deliveredRecently(key: string, value: number | undefined, item: JsonObject): boolean {
    for (const page of this.recentPages) {
      const seen = page.get(key);
      if (!seen) continue;
      const before = seen.value;
      if (value === undefined || before === undefined || value < before) return true;
      // Same value: the same version, unless its content changed (an update within the same
      // cursor value, seen where the API repeats a page's last items). A newer value is an update.
      if (value === before) return seen.print === undefined || seen.print === fingerprint(item);
    }
    return false;
  }
}
