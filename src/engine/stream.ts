import type { JsonObject } from "../protocol/messages.js";
import type { IdList, Paging } from "./paginator.js";

/*
 * Adding a stream: the recipe is in CONTRIBUTING.md (a declaration, its schema, one line in its API's
 * registry, the emulator's data for it). The engine owns the loop; a stream only declares.
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
  pagination: Paging;
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
   * A child stream whose rows lie beside the parent's items, not inside them: a list the page
   * carries at its top level (a side-load), each element naming the item it belongs to. Called once
   * per page with the body (its envelope when the items were split out as bytes: the side-load is
   * there either way) and the page's item count; returns that page's `rows`, or undefined when the page lacks the side-load
   * (the API did not honour the request for it): the stream is then read by `fallback` for the rest
   * of the sync, with one WARN. Used instead of `rows`.
   */
  pageRows?: (body: unknown, items: number) => ((item: JsonObject) => JsonObject[]) | undefined;
  /**
   * Query parameters a child adds to its parent's requests while it is selected (the side-load it
   * asks for), sent on every request like `stickyQuery`; the parent alone does not send them.
   */
  parentQuery?: Record<string, string>;
  /**
   * What reads a `pageRows` stream, with requests of its own, when a page lacks its side-load: the
   * same name, primary key and cursor field. Its items (after `transform`) are the rows.
   */
  fallback?: StreamDefinition;
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
   * A stream read per parent item: its parent stream's pages are read (in a request sequence of its
   * own), and for each item `forEachParent` selects, this stream's own list at `pathOf(item)` is
   * paged with this stream's `pagination` and `extract`. Its cursor field is a value the rows carry
   * from their parent (see PerParent).
   */
  perParent?: PerParent;
  /**
   * Reference data (users, groups, fields…): read from the beginning whatever the start date, which
   * limits only event-like streams. An old group is as current as a new one, and a table of tickets
   * whose requesters are missing cannot be joined.
   */
  readsAllHistory?: boolean;
  /**
   * Records in the shape the API documents (written by hand from its reference, never copied from a
   * live account), declared next to the schema: the schema tests check the schema accepts them.
   */
  samples?: readonly JsonObject[];
  /**
   * The stream's saved state as this version reads it: called with the state given to `read`
   * (never with none) before its cursor starts, to carry a state written by an older version (a
   * cursor field since renamed) over to the current form. Absent = the state as given.
   */
  migrateState?: (state: JsonObject) => JsonObject;
}

export type CursorKind = "id" | "datetime";

/**
 * How a per-parent stream (StreamDefinition.perParent) reads: which parent items it reads a list
 * for, where, and what the list's items become. Its state is its parent's cursor, carried by its
 * rows (`row` sets the stream's cursor field from the parent item): it checkpoints after a parent
 * item's list is read to its end, never before, so state never passes a row not emitted.
 */
export interface PerParent {
  /** The parent stream, whose pages (path, pagination, query) are read for the parent items. */
  parent: StreamDefinition;
  /** True for a parent item whose list this stream reads. */
  forEachParent(item: JsonObject): boolean;
  /** The list's path for a parent item (relative to the API base URL). */
  pathOf(item: JsonObject): string;
  /** The row a list item becomes, given its parent item (with the stream's cursor field). */
  row(child: JsonObject, parent: JsonObject): JsonObject;
  /**
   * Statuses on a list's first page that mean the account cannot read this stream at all: the
   * stream ends (its rows so far kept) with one WARN, `unavailable(status)`.
   */
  unavailableOn: number[];
  unavailable(status: number): string;
  /** Statuses on a list's first page that mean this parent's list is gone: skipped with a WARN. */
  skipOn: number[];
}

/**
 * Whether the start date limits what a stream reads when it has no state: streams in time (a read
 * that starts at a point in time, or a datetime cursor), unless they are reference data read from the
 * beginning (`readsAllHistory`). The one rule the engine, the expected records and the tests share.
 */
export function startDateLimits(definition: StreamDefinition): boolean {
  return (
    definition.cursorField !== undefined &&
    !definition.readsAllHistory &&
    (definition.pagination.startsAtTime || definition.cursorKind === "datetime")
  );
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
  abstract readonly pagination: Paging;
  abstract extract(body: unknown): JsonObject[];
}

/**
 * A child stream of another (see {@link StreamDefinition.parent}): it takes the parent's API, path,
 * paging, query and `extract`, as the engine requires, so the parent's pages are read once for both.
 * A subclass declares name, primaryKey, schema, its cursor, and `rows` (what one parent item
 * becomes) or `pageRows` (a side-load of the parent's pages).
 */
export abstract class ChildStream extends Stream {
  readonly parent: string;
  readonly path: string;
  readonly pagination: Paging;
  readonly api?: string;
  readonly query?: Record<string, string>;

  constructor(private readonly parentStream: StreamDefinition) {
    super();
    this.parent = parentStream.name;
    this.path = parentStream.path;
    this.pagination = parentStream.pagination;
    if (parentStream.api !== undefined) this.api = parentStream.api;
    if (parentStream.query !== undefined) this.query = parentStream.query;
  }

  extract(body: unknown): JsonObject[] {
    return this.parentStream.extract(body);
  }
}
