import type { JsonObject } from "../protocol/messages.js";

/*
 * Adding a stream (to this source or another): write
 *   1. its class, one file in src/<source>/streams/ — `class Foo extends Stream` (or the shape it shares:
 *      ListStream, ChatChildStream, SupportStream, UpdatedAtListStream) with name, path, primaryKey,
 *      cursorField + cursorKind, pagination, schema and `extract`, plus `transform` / `rows` when it
 *      needs them and `api` when another API's client reads it — and add `new Foo()` to the registry
 *      (streams/index.ts);
 *   2. its schema, in src/<source>/schemas/ (exported from schemas/index.ts);
 *   3. its emulator data (emulator/), so the tests, expected records and acceptance run it.
 * Nothing else: discover, the read plan, the tests' tables and the expected records derive from the
 * registry. The engine (engine.ts) owns the loop; a stream only declares.
 */

/**
 * A stream is a declaration. The engine owns the loop (request → extract → RECORD → cursor →
 * checkpoint → next page); a stream only says where its records are and how they page.
 */
export interface StreamDefinition {
  name: string;
  /** Path relative to the API base URL. */
  path: string;
  /** Top-level fields forming the primary key (several for a composite key); absent = none. */
  primaryKey?: string[];
  /** JSON schema (draft-07) of one record. */
  schema: JsonObject;
  pagination: Pagination;
  /** Top-level field the stream can sync incrementally on; absent = full refresh only. */
  cursorField?: string;
  /**
   * How the cursor's values compare: "id" (an integer id, the next sync starts after it) or
   * "datetime" (compared as epoch µs, inclusive lower bound). Required with `cursorField`.
   */
  cursorKind?: CursorKind;
  /**
   * Page items in a response body. It must only select them: once a page shows that the items are
   * the body's own array (or one top-level key's), the engine reads later pages' items straight
   * from the bytes there and calls `extract` only on a page that does not split cleanly.
   */
  extract: (body: unknown) => JsonObject[];
  /** Optional per-item change (e.g. a synthetic primary key). */
  transform?: (record: JsonObject) => JsonObject;
  /** Extra query parameters sent on the first request (the API's next-page links carry them on). */
  query?: Record<string, string>;
  /**
   * Query parameters sent on every request, set again on a next-page link the API returns (a link
   * that left one out would silently change what the following pages hold).
   */
  stickyQuery?: Record<string, string>;
  /**
   * Id-paged bodies holding several lists (bans: `ip_address` and `visitor`): each list's size and
   * last id, so that paging goes on safely whether the API applies since_id/limit to the lists
   * together or to each apart. Such bodies are always parsed whole.
   */
  idLists?: (body: unknown) => IdList[];
  /**
   * A child stream: its rows come from the page items of the stream named here (same requests,
   * same paging). Its `path`, `pagination`, `query` and `extract` must be the parent's; the engine
   * reads the parent's pages once for the parent and all its selected children.
   */
  parent?: string;
  /** The rows one page item (after `transform`) becomes, 0..n; absent = the item itself. */
  rows?: (item: JsonObject) => JsonObject[];
  /**
   * HTTP statuses that, on the first request, end the stream empty with a warning (a plan or role
   * without the feature). Default [404].
   */
  unavailableOn?: number[];
  /**
   * Which of the source's HTTP clients reads this stream (a key of `ReadContext.clients`: an API with
   * its own base URL, credentials and rate budget); absent = the default client.
   */
  api?: string;
  /**
   * Reference data (users, groups, fields…): read from the beginning whatever the start date, which
   * limits only event-like streams. An old group is as current as a new one, and a table of tickets
   * whose requesters are missing cannot be joined.
   */
  readsAllHistory?: boolean;
}

export type CursorKind = "id" | "datetime";

/** One list of an id-paged body: how many records it held and its highest id. */
export interface IdList {
  name: string;
  count: number;
  lastId: number | undefined;
}

export type Pagination =
  /** One request returns everything. */
  | { kind: "none" }
  /** `since_id` (inclusive) + `limit`; next page starts at the last id + 1; an empty page ends it. */
  | { kind: "since_id"; pageSize: number }
  /**
   * An incremental export: `start_time` (+ `start_id`) + `limit`; follows `next_page` as given
   * (falling back to `end_time`/`end_id`); only an empty page ends it. `timeUnit` is the unit of
   * `start_time`/`end_time`. `minStartAgeSeconds`: the API refuses a `start_time` younger than this
   * (0 = no minimum); the export stops before such a start and the next sync reads the rest.
   */
  | {
      kind: "incremental_export";
      pageSize: number;
      timeUnit: "seconds" | "microseconds";
      minStartAgeSeconds: number;
      /**
       * The body says when the export is done (`end_of_stream: true`, Zendesk Support's time-based
       * exports): that page ends it, even when it is not empty. Without it only an empty page does.
       */
      endOfStreamFlag?: string;
      /** The page-size parameter's name (default `limit`; Zendesk Support's exports: `per_page`). */
      pageSizeParam?: string;
    }
  /**
   * A cursor-based export: `start_time` (epoch seconds) + `per_page` on the first request, then the
   * `after_url` (or `cursor=<after_cursor>`) the API returns, until a page says `end_of_stream`.
   * Records come in cursor order, so each page is a checkpoint. `minStartAgeSeconds` as above.
   */
  | { kind: "cursor_export"; pageSize: number; minStartAgeSeconds: number }
  /**
   * A cursor-paginated list (`page[size]`, then `links.next` while `meta.has_more`), in no particular
   * cursor order (`order: "any"`: incremental reads filter on the cursor client-side and checkpoint
   * once, at the end) or newest first (`order: "newest_first"`: the read also stops at the first
   * page reaching below its start).
   */
  | { kind: "cursor_list"; pageSize: number; order: "any" | "newest_first" };

/** True when records arrive in ascending cursor order, so every page can be a checkpoint. */
export function inCursorOrder(pagination: Pagination): boolean {
  return pagination.kind !== "cursor_list";
}

/**
 * One resource, declared as a class: the required declarative fields are abstract here; the optional
 * ones of {@link StreamDefinition} (primaryKey, cursorField, cursorKind, query, parent, unavailableOn)
 * are plain fields of the subclass, and `transform` / `rows` plain methods when a stream needs them.
 * The engine reads instances through `StreamDefinition` and owns the loop.
 */
export abstract class Stream implements StreamDefinition {
  abstract readonly name: string;
  abstract readonly path: string;
  abstract readonly schema: JsonObject;
  abstract readonly pagination: Pagination;
  abstract extract(body: unknown): JsonObject[];
}
