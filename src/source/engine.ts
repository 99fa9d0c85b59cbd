import type { HttpClient, JsonResponse } from "../http/client.js";
import { HttpError } from "../http/http-error.js";
import { locateRecords, type RecordSlices, type RecordsAt } from "../http/json-records.js";
import {
  AuthError,
  asConnectorError,
  ConfigError,
  type ConnectorError,
  SystemError,
} from "../protocol/errors.js";
import { DEFAULT_HEARTBEAT_MS, Heartbeat } from "../protocol/heartbeat.js";
import type {
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
  JsonObject,
  StreamDescriptor,
} from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import {
  type Cursor,
  cursorValueOf,
  DateTimeCursor,
  fingerprint,
  IdCursor,
  type RecordRef,
} from "./cursor.js";
import {
  createPaginator,
  describeAge,
  minStartAgeOf,
  type NextPage,
  type Paginator,
  startsAtTime,
} from "./paginators.js";
import { type CursorKind, inCursorOrder, type StreamDefinition } from "./stream.js";

export interface ReadContext {
  writer: MessageWriter;
  /** The client of streams that name no `api`. */
  client: HttpClient;
  /** Clients of other APIs the source reads (own base URL, credentials, budget), by `api` name. */
  clients?: Readonly<Record<string, HttpClient>>;
  /** The configured start date, epoch microseconds. */
  startDateMicros: number;
  /** At most this long without a message on stdout during the read (see protocol/heartbeat.ts). */
  heartbeatMs?: number;
  /**
   * The error when every selected stream answered 404 (a source-specific hint, e.g. a wrong
   * subdomain); default: a generic one.
   */
  allNotFoundMessage?: string;
}

export interface ReadResult {
  streams: number;
  records: number;
  failures: Array<{ stream: string; error: ConnectorError }>;
}

export function toAirbyteStream(definition: StreamDefinition): AirbyteStream {
  const incremental = definition.cursorField !== undefined;
  return {
    name: definition.name,
    json_schema: definition.schema,
    supported_sync_modes: incremental ? ["full_refresh", "incremental"] : ["full_refresh"],
    source_defined_cursor: incremental,
    ...(incremental ? { default_cursor_field: [definition.cursorField as string] } : {}),
    ...(definition.primaryKey
      ? { source_defined_primary_key: definition.primaryKey.map((field) => [field]) }
      : {}),
    is_resumable: incremental,
  };
}

/** Checks a configured catalog against the streams we have, before any request is made. */
export function planRead(
  catalog: ConfiguredAirbyteCatalog,
  definitions: ReadonlyMap<string, StreamDefinition>,
  states: ReadonlyMap<string, JsonObject>,
): ReadPlan {
  const known = [...definitions.keys()].join(", ");
  const warnings: string[] = [];
  const seen = new Set<string>();
  const streams = catalog.streams.map((configured) => {
    const name = configured.stream.name;
    const definition = definitions.get(name);
    if (!definition)
      throw new ConfigError(`The catalog names an unknown stream '${name}'; streams: ${known}.`);
    if (seen.has(name)) throw new ConfigError(`The catalog lists stream '${name}' twice.`);
    seen.add(name);
    if (configured.sync_mode === "incremental") {
      if (!definition.cursorField) {
        throw new ConfigError(
          `Stream '${name}' supports full_refresh only; change its sync_mode in the catalog.`,
        );
      }
      const asked = configured.cursor_field;
      if (asked && asked.length > 0 && (asked.length !== 1 || asked[0] !== definition.cursorField)) {
        throw new ConfigError(
          `Stream '${name}' has the source-defined cursor '${definition.cursorField}'; the catalog asks for '${asked.join(".")}'.`,
        );
      }
    }
    const source = definition.parent ? definitions.get(definition.parent) : definition;
    if (!source)
      throw new ConfigError(`Stream '${name}' reads '${definition.parent}', which is not defined.`);
    return { definition, configured, source };
  });
  // State left over from a stream that was removed from the catalog (or from this source) is not an
  // error: Airbyte keeps it around. It is simply not used.
  for (const name of states.keys()) {
    if (!definitions.has(name)) {
      warnings.push(`The state names a stream '${name}' that this source does not have; ignoring it.`);
    } else if (!seen.has(name)) {
      warnings.push(`The state has an entry for '${name}', which is not in the catalog; ignoring it.`);
    }
  }
  return { streams, warnings };
}

export interface PlannedStream {
  definition: StreamDefinition;
  configured: ConfiguredAirbyteStream;
  /** The stream whose requests feed this one: its parent, or itself. */
  source: StreamDefinition;
}

export interface ReadPlan {
  streams: PlannedStream[];
  /** Things about the input worth a WARN that do not stop the read. */
  warnings: string[];
}

/** Planned streams grouped by the request sequence that feeds them, in catalog order. */
export function groupByRequests(
  plan: ReadPlan,
): Array<{ source: StreamDefinition; members: PlannedStream[] }> {
  const groups = new Map<string, { source: StreamDefinition; members: PlannedStream[] }>();
  for (const planned of plan.streams) {
    const group = groups.get(planned.source.name);
    if (group) group.members.push(planned);
    else groups.set(planned.source.name, { source: planned.source, members: [planned] });
  }
  return [...groups.values()];
}

/**
 * Request sequences read at once per API: enough to fill its rate limit while one waits on a slow
 * page. Each API has its own budget, so a slow one (Support's exports: 10 requests a minute) does
 * not hold up the other's streams.
 */
const STREAM_CONCURRENCY = 3;

/** The client that reads a stream: its API's, or the default one. */
export function clientFor(definition: StreamDefinition, ctx: ReadContext): HttpClient {
  if (definition.api === undefined) return ctx.client;
  const client = ctx.clients?.[definition.api];
  if (!client)
    throw new ConfigError(
      `Stream '${definition.name}' reads the ${definition.api} API, which is not configured.`,
    );
  return client;
}

/**
 * Reads the configured streams, a few request sequences at a time per API, sharing that API's HTTP
 * client and rate limit. Streams fed by the same requests (a parent and its child streams) are read together: one
 * request sequence, each stream with its own cursor, state and status. A failing stream is reported
 * INCOMPLETE and the others still run (their data is good). Only a failure that every request would
 * share (the credentials are rejected) stops the streams not started yet; a 403 or 404 is about one
 * endpoint. A 404 on a stream's first request ends that stream empty (a plan without the feature);
 * when every stream answers 404, the account or its address is the likelier culprit.
 */
export async function readCatalog(
  plan: ReadPlan,
  states: ReadonlyMap<string, JsonObject>,
  ctx: ReadContext,
  concurrency = STREAM_CONCURRENCY,
): Promise<ReadResult> {
  const result: ReadResult = { streams: 0, records: 0, failures: [] };
  for (const warning of plan.warnings) await ctx.writer.log("WARN", warning);
  const queues = new Map<string, ReturnType<typeof groupByRequests>>();
  for (const group of groupByRequests(plan)) {
    const api = group.source.api ?? "";
    queues.set(api, [...(queues.get(api) ?? []), group]);
  }
  /** APIs whose credentials were rejected: their streams not started yet are not started. */
  const stopped = new Set<string>();
  let notFound = 0;
  /** The request sequences being read, for the heartbeat to say what each waits for. */
  const active = new Set<GroupReader>();
  const heartbeat = new Heartbeat(ctx.writer, ctx.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, () =>
    stillReading(active, ctx.writer),
  );
  heartbeat.start();
  const worker = async (api: string, queue: ReturnType<typeof groupByRequests>) => {
    while (!stopped.has(api)) {
      const item = queue.shift();
      if (!item) break;
      const reader = new GroupReader(item.source, item.members, ctx);
      active.add(reader);
      try {
        await reader.run(states);
        result.streams += item.members.length;
        if (reader.endedNotFound) notFound += item.members.length;
      } catch (caught) {
        for (const { definition } of item.members) {
          const error = streamError(definition.name, caught);
          await ctx.writer.streamStatus({ name: definition.name }, "INCOMPLETE");
          await ctx.writer.log("ERROR", `Stream '${definition.name}' failed: ${error.message}`);
          result.failures.push({ stream: definition.name, error });
          if (stopsEveryStream(caught, error)) stopped.add(api);
        }
      } finally {
        active.delete(reader);
        // Counted whether the stream finished or failed: what was written was written.
        result.records += reader.written;
      }
    }
  };
  try {
    await Promise.all(
      [...queues].flatMap(([api, queue]) =>
        Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, () => worker(api, queue)),
      ),
    );
  } finally {
    heartbeat.stop();
  }
  // Streams never started because their API's credentials were rejected: INCOMPLETE too, so that
  // every stream of the catalog ends with a status.
  for (const api of stopped) {
    const skipped = (queues.get(api) ?? []).flatMap((group) => group.members.map((m) => m.definition.name));
    if (skipped.length === 0) continue;
    for (const name of skipped) await ctx.writer.streamStatus({ name }, "INCOMPLETE");
    await ctx.writer.log(
      "WARN",
      `Not read, since the credentials were rejected: ${skipped.map((n) => `'${n}'`).join(", ")}.`,
    );
  }
  if (plan.streams.length > 0 && notFound === plan.streams.length) {
    result.failures.push({
      stream: "",
      error: new ConfigError(
        ctx.allNotFoundMessage ??
          "Every selected stream answered 404 Not Found: the API address or the account is probably wrong.",
      ),
    });
  }
  return result;
}

/**
 * The heartbeat's message after a silence: each stream held back by a 429 says so again (RUNNING,
 * RATE_LIMITED, with the time it resumes); the others are named in a LOG (a slow answer, a retry's
 * backoff, the request budget's pacing or a token refresh).
 */
async function stillReading(active: ReadonlySet<GroupReader>, writer: MessageWriter): Promise<void> {
  const now = Date.now();
  const waiting: string[] = [];
  for (const reader of active) {
    if (!(await reader.reportRateLimited(now))) waiting.push(...reader.names);
  }
  if (waiting.length > 0 || active.size === 0) {
    const names = waiting.map((name) => `'${name}'`).join(", ");
    await writer.log(
      "INFO",
      waiting.length > 0
        ? `Still reading ${names}: waiting for the API (an answer, a retry, the request budget or a token refresh).`
        : "Still working: finishing the read.",
    );
  }
}

/** The error of a failed stream, its message naming the stream when the cause is its endpoint. */
function streamError(stream: string, caught: unknown): ConnectorError {
  const error = asConnectorError(caught);
  if (caught instanceof HttpError && caught.status === 403 && !error.message.includes(`'${stream}'`)) {
    return new ConfigError(`Stream '${stream}': ${error.message}`, error.internalMessage);
  }
  return error;
}

/** Rejected credentials fail every request of their API alike; a 403/404 concerns one endpoint only. */
function stopsEveryStream(caught: unknown, error: ConnectorError): boolean {
  if (caught instanceof HttpError) return caught.status === 401;
  return error instanceof AuthError;
}

/** What the last pages held under a key: its cursor value, and a fingerprint for the last items. */
interface Seen {
  value: number | undefined;
  print?: string;
}

/**
 * How long before the first answer's server Date a list read in no cursor order counts as begun
 * (the Date header has whole seconds; an update replicated late is still caught).
 */
const READ_START_MARGIN_MICROS = 60 * 1_000_000;

/** Pages kept in memory to recognise items an API repeats across page boundaries. */
const REMEMBERED_PAGES = 2;
/** A TRACE ESTIMATE per stream at most once every this many pages (exports only). */
const ESTIMATE_EVERY_PAGES = 3;

interface FreshItem {
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

/**
 * Reads one request sequence: request → extract → items → each stream's rows → RECORD → cursor →
 * checkpoint → next page, with the next page fetched while the current one is written. The items of
 * a page are fanned out to one emitter per selected stream (the source stream itself and/or its
 * child streams); the paginator sees the page's items, never the rows the streams made of them.
 */
class GroupReader {
  /** True when the read ended empty on a "not available" status (the account lacks the endpoint). */
  endedNotFound = false;
  private readonly emitters: StreamEmitter[];
  private readonly paginator: Paginator;
  private readonly client: HttpClient;
  private readonly keyOf: ((record: JsonObject) => string) | undefined;
  private readonly valueOf: (record: JsonObject) => number | undefined;
  /** True when records come in ascending cursor order (each page is a checkpoint). */
  private readonly ordered: boolean;
  /**
   * Lists in no cursor order: the server's time when the read began, less a margin. An item updated
   * while the list was read, after its page, is not in this read and may carry a value below the
   * newest one emitted: the state stays at or below this time so that the next sync reads it.
   */
  private readStartedMicros: number | undefined;
  /** Set once the read is over: a prefetch still waiting on a 429 must not report RUNNING after it. */
  private ended = false;
  /** When a 429 last said its requests resume (epoch ms). */
  private resumeAtMs = 0;
  /** Where the records lie in a body, once a page showed it: later pages are split there. */
  private recordsAt: RecordsAt | undefined;
  /** Items the API sent again, unchanged, across pages (an inclusive start_time does it at every page). */
  private repeated = 0;
  private pages = 0;
  /**
   * Key → cursor value of the items of the last pages. An API repeating items (a stale page, an
   * inclusive start_time) must not duplicate them; an item that comes back with a *newer* cursor
   * value was updated while we read, and is emitted again.
   */
  private recentPages: Array<Map<string, Seen>> = [];

  constructor(
    private readonly source: StreamDefinition,
    members: PlannedStream[],
    private readonly ctx: ReadContext,
  ) {
    this.client = clientFor(source, ctx);
    this.ordered = inCursorOrder(source.pagination);
    this.emitters = members.map((m) => new StreamEmitter(m.definition, m.configured, ctx));
    this.paginator = createPaginator(source.pagination, this.client, source.stickyQuery);
    this.keyOf = primaryKeyFunction(source.primaryKey);
    this.valueOf = valueFunction(source);
  }

  /** The streams this request sequence feeds. */
  get names(): string[] {
    return this.emitters.map((e) => e.name);
  }

  /**
   * When its API is holding requests back after a 429, says so again for each stream (RUNNING,
   * RATE_LIMITED, the time they resume) and returns true; false when it is not rate limited.
   */
  async reportRateLimited(nowMs: number): Promise<boolean> {
    const resumeAt = Math.max(this.resumeAtMs, this.client.limiter.pausedUntilMs);
    if (this.ended || resumeAt <= nowMs) return false;
    for (const emitter of this.emitters) await emitter.rateLimited(resumeAt);
    return true;
  }

  /** Records written by all the streams of the group so far (readable after a failure too). */
  get written(): number {
    return this.emitters.reduce((n, e) => n + e.written, 0);
  }

  async run(states: ReadonlyMap<string, JsonObject>): Promise<void> {
    for (const emitter of this.emitters) await emitter.started();
    try {
      // Without state, a stream in time starts at the start date (a full refresh too), unless it is
      // reference data read from the beginning.
      const inTime = startsAtTime(this.source.pagination) || this.source.cursorKind === "datetime";
      const fallback = inTime && !this.source.readsAllHistory ? this.ctx.startDateMicros : undefined;
      const starts = this.emitters.map((e) => e.start(states.get(e.name), fallback));
      // The shared read starts at the earliest start; each stream skips what lies before its own.
      const start = starts.some((s) => s === undefined) ? undefined : Math.min(...(starts as number[]));
      for (const emitter of this.emitters) emitter.skipBefore(start);
      await this.readPages(start);
      if (this.repeated > 0)
        await this.log("INFO", `skipped ${this.repeated} items the API repeated unchanged across pages.`);
      for (const emitter of this.emitters) await emitter.finish(this.readStartedMicros);
    } finally {
      this.ended = true;
    }
  }

  private nowMicros(): number {
    return (this.client.serverNow() ?? Date.now()) * 1000;
  }

  private async readPages(start: number | undefined): Promise<void> {
    const { client } = this;
    const firstQuery = this.paginator.firstQuery(start, this.nowMicros());
    if (!firstQuery) {
      await this.log(
        "INFO",
        `the cursor is less than ${this.minAge("digits")} old; nothing new to read yet.`,
      );
      return;
    }
    let url: URL | undefined = client.resolve(this.source.path, {
      ...this.source.query,
      ...this.source.stickyQuery,
      ...firstQuery,
    });
    let pending: Promise<JsonResponse> | undefined = this.fetchPage(url);
    let first = true;
    /** Newest cursor value read, for a 400 "too recent" on a next_page whose start cannot be read. */
    let newest = start;
    while (pending && url) {
      let response: JsonResponse;
      try {
        response = await pending;
      } catch (error) {
        if (await this.endsQuietly(error, first, this.paginator.startOf(url) ?? newest)) return;
        throw error;
      }
      if (first && !this.ordered)
        this.readStartedMicros = (response.serverDate ?? Date.now()) * 1000 - READ_START_MARGIN_MICROS;
      first = false;
      const page = this.screen(response, this.paginator.floorOf(url));
      if (page.newest !== undefined && (newest === undefined || page.newest > newest)) newest = page.newest;
      // A page the read cannot go on from still holds records: they are written and checkpointed
      // first, and the read fails after them (never thrown away with the page).
      let next: NextPage;
      let failure: { error: unknown } | undefined;
      try {
        next = this.paginator.next(
          {
            url,
            body: response.body,
            count: page.count,
            maxId: page.maxId,
            lists: page.lists,
            fresh: page.fresh.length,
            oldestMicros: page.oldest,
            newestMicros: page.newest,
          },
          this.nowMicros(),
        );
      } catch (error) {
        failure = { error };
        next = { end: true };
      }
      const nextUrl = "url" in next ? next.url : undefined;
      pending = nextUrl ? this.fetchPage(nextUrl) : undefined;
      for (const warning of this.paginator.takeWarnings()) await this.log("WARN", warning);
      for (const emitter of this.emitters) await emitter.writeItems(page.fresh, page.raw);
      if (nextUrl || failure) {
        // A page of a list in no cursor order is no checkpoint: a later page may hold older values.
        // An id-paged list checkpoints only below the next since_id (see SinceIdPaginator.checkpointUpTo).
        const upTo = this.paginator.checkpointUpTo?.(nextUrl);
        if (this.ordered) for (const emitter of this.emitters) await emitter.checkpoint("page", upTo);
      }
      if (nextUrl) {
        this.pages += 1;
        if (this.pages % ESTIMATE_EVERY_PAGES === 0) await this.estimate(newest);
      } else if ("reason" in next && next.reason) await this.log("INFO", next.reason);
      if (response.records) {
        // The page's buffer serves a later page (see readBody); nothing may read it after this.
        for (const emitter of this.emitters) emitter.settle();
        response.records.release();
      }
      if (failure) throw failure.error;
      url = nextUrl;
    }
  }

  /** The export's minimum start age, for log lines. */
  private minAge(style: "words" | "digits" = "words"): string {
    return describeAge(minStartAgeOf(this.source.pagination), style);
  }

  /** TRACE ESTIMATE per stream: rows so far, extrapolated by how far the cursor moved towards now. */
  private async estimate(newest: number | undefined): Promise<void> {
    if (!startsAtTime(this.source.pagination) || !this.ordered || newest === undefined) return;
    const now = this.nowMicros();
    for (const emitter of this.emitters) await emitter.estimate(newest, now);
  }

  /** Answers that mean "nothing (more) to read" rather than a failure. */
  private async endsQuietly(error: unknown, first: boolean, startMicros: number | undefined) {
    if (!(error instanceof HttpError)) return false;
    if (this.paginator.refusedAsTooRecent(error, startMicros)) {
      await this.log(
        "INFO",
        `the API says the rest is less than ${this.minAge()} old; the next sync reads it.`,
      );
      return true;
    }
    const unavailable = this.source.unavailableOn ?? [404];
    if (first && unavailable.includes(error.status)) {
      this.endedNotFound = error.status === 404;
      await this.log(
        "WARN",
        `not available for this account (${error.status} ${error.status === 404 ? "Not Found" : "Forbidden"} on ${error.path}): its plan may not include this feature, or the token's role cannot see it; no records.`,
      );
      return true;
    }
    return false;
  }

  /**
   * Transforms a page's items, sets aside the ones already delivered unchanged (by an earlier page,
   * or, for every stream it feeds, by the previous sync at its boundary), and
   * notes the range of cursor values (the paginator needs them to tell a stale page from the end).
   */
  private screen(response: JsonResponse, floor: number | undefined) {
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
    /** Items at the page's newest value so far: the ones an inclusive start_time sends again. */
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
      // Below what this page was asked for (ids under since_id): a stale copy of an earlier page.
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

  private fetchPage(url: URL): Promise<JsonResponse> {
    const promise = this.client.getJson(url, {
      onRateLimited: (resumeAt) => {
        if (this.ended) return;
        this.resumeAtMs = Math.max(this.resumeAtMs, resumeAt);
        for (const emitter of this.emitters) void emitter.rateLimited(resumeAt);
      },
      splitRecordsAt: this.recordsAt,
    });
    // The next page is fetched while this one is written; its failure is handled when awaited.
    promise.catch(() => undefined);
    return promise;
  }

  private log(level: "INFO" | "WARN", message: string): Promise<void> {
    const names = this.emitters.map((e) => `'${e.name}'`).join(", ");
    return this.ctx.writer.log(level, `Stream${this.emitters.length > 1 ? "s" : ""} ${names}: ${message}`);
  }
}

/** One stream of a group: its rows, cursor, checkpoints, status and record count. */
class StreamEmitter {
  /** Records written so far (readable after a failure too). */
  written = 0;
  readonly name: string;
  private readonly descriptor: StreamDescriptor;
  private readonly cursor: Cursor | undefined;
  private readonly keyOf: ((record: JsonObject) => string) | undefined;
  private readonly valueOf: (record: JsonObject) => number | undefined;
  private running = false;
  private sinceCheckpoint = 0;
  private lastState: string | undefined;
  private startValue: number | undefined;
  /** Items before this value are skipped: the shared read started earlier than this stream's start. */
  private skipUntil: number | undefined;
  /** True when items before `skipUntil` mean the API ignored the start asked for (worth a WARN). */
  private unexpectedOld = false;
  private skippedOld = 0;

  constructor(
    private readonly definition: StreamDefinition,
    configured: ConfiguredAirbyteStream,
    private readonly ctx: ReadContext,
  ) {
    this.name = definition.name;
    this.descriptor = { name: definition.name };
    this.cursor =
      configured.sync_mode === "incremental"
        ? createCursor(definition, definition.readsAllHistory ? 0 : ctx.startDateMicros)
        : undefined;
    this.keyOf = primaryKeyFunction(definition.primaryKey);
    this.valueOf = valueFunction(definition);
  }

  started(): Promise<void> {
    return this.ctx.writer.streamStatus(this.descriptor, "STARTED");
  }

  /** This stream's start (from its state and the start date), or `fallback` without a cursor. */
  start(state: JsonObject | undefined, fallback: number | undefined): number | undefined {
    this.startValue = this.cursor ? this.cursor.start(state) : fallback;
    return this.startValue;
  }

  skipBefore(groupStart: number | undefined): void {
    const own = this.startValue;
    // Items before this stream's own start are never its business: either the shared read started
    // earlier for another stream, or the API answered with data older than the start_time asked for
    // (a time-unit mismatch), which would otherwise be emitted again by every sync.
    const datetime = this.definition.cursorKind === "datetime";
    this.skipUntil =
      own !== undefined && ((groupStart !== undefined && own > groupStart) || datetime) ? own : undefined;
    this.unexpectedOld = datetime && own !== undefined && (groupStart === undefined || own <= groupStart);
  }

  /**
   * True when the previous sync already delivered, unchanged, every row this item gives this stream
   * (it sits at the state's boundary). Cheap unless the item is at the boundary value.
   */
  alreadyDelivered(item: JsonObject, itemValue: number | undefined): boolean {
    const { cursor, skipUntil } = this;
    if (skipUntil !== undefined && itemValue !== undefined && itemValue < skipUntil) return true;
    if (!cursor?.atBoundary(itemValue)) return false;
    const rows = this.definition.rows ? this.definition.rows(item) : [item];
    return rows.every((row) => {
      const key = this.keyOf?.(row);
      return key !== undefined && cursor.alreadyEmitted(row, key, this.valueOf(row));
    });
  }

  /** True when this stream makes rows of an item (child streams), so it needs the parsed item. */
  get makesRows(): boolean {
    return this.definition.rows !== undefined;
  }

  /**
   * Writes the rows of `items`. An item that is its own row is written as its bytes when `raw` (the
   * page's records as bytes) is given; its parsed object may then be gone (see FreshItem.item).
   */
  async writeItems(items: FreshItem[], raw: RecordSlices | undefined): Promise<void> {
    const { definition, cursor, skipUntil } = this;
    const { writer } = this.ctx;
    let backwards = 0;
    for (const { item, value: itemValue, key: itemKey, at } of items) {
      if (skipUntil !== undefined && itemValue !== undefined && itemValue < skipUntil) {
        if (this.unexpectedOld) this.skippedOld += 1;
        continue;
      }
      if (definition.rows === undefined) {
        // The item itself: its key and cursor value were computed once already.
        const row: RecordRef = item ?? (() => (raw as RecordSlices).parse(at));
        if (itemKey !== undefined && cursor?.alreadyEmitted(row, itemKey, itemValue)) continue;
        if (cursor && !cursor.observe(row, itemKey, itemValue)) backwards += 1;
        if (!this.running) await this.markRunning();
        if (raw !== undefined)
          await writer.recordBytes(definition.name, raw.bytes, raw.start(at), raw.end(at));
        else await writer.record(definition.name, item as JsonObject);
        this.sinceCheckpoint += 1;
        this.written += 1;
        continue;
      }
      for (const row of definition.rows(item as JsonObject)) {
        const key = this.keyOf?.(row);
        const value = this.valueOf(row);
        if (key !== undefined && cursor?.alreadyEmitted(row, key, value)) continue;
        if (cursor && !cursor.observe(row, key, value)) backwards += 1;
        if (!this.running) await this.markRunning();
        await writer.record(definition.name, row);
        this.sinceCheckpoint += 1;
        this.written += 1;
      }
      // A chat without rows for this stream (no tags, no goals…) still moves its cursor: otherwise
      // its state stays at the start date and every sync reads the whole export again.
      if (itemValue !== undefined) cursor?.advance(itemValue);
    }
    // Id-paged lists read on from their lower list (bans) deliver lower ids after higher ones by
    // design; their checkpoints stay below the next since_id instead.
    if (backwards > 0 && inCursorOrder(definition.pagination) && !definition.idLists) {
      await this.log(
        "WARN",
        `${backwards} records had a cursor older than one already read; kept them, state unchanged.`,
      );
    }
  }

  /** Done with the page's records given as references (see Cursor.settle). */
  settle(): void {
    this.cursor?.settle();
  }

  async estimate(newest: number, now: number): Promise<void> {
    const from = this.skipUntil ?? this.startValue;
    if (from === undefined || newest <= from || now <= from) return;
    const fraction = Math.min(1, (newest - from) / (now - from));
    const rowEstimate = Math.max(this.written, Math.round(this.written / fraction));
    await this.ctx.writer.write({
      type: "TRACE",
      trace: {
        type: "ESTIMATE",
        emitted_at: Date.now(),
        estimate: { name: this.name, type: "STREAM", row_estimate: rowEstimate },
      },
    });
  }

  /** Ends the stream: its last state (at most `stateLimit`, see GroupReader.readStartedMicros) and status. */
  async finish(stateLimit?: number): Promise<void> {
    if (this.skippedOld > 0) {
      await this.log(
        "WARN",
        `skipped ${this.skippedOld} records older than the start asked for: the API answered with data before start_time (a time-unit mismatch?). They were delivered before or lie before start_date.`,
      );
    }
    await this.markRunning();
    if (stateLimit !== undefined) this.cursor?.limitTo(stateLimit);
    await this.checkpoint("final");
    await this.ctx.writer.streamStatus(this.descriptor, "COMPLETE");
  }

  rateLimited(resumeAt: number): Promise<void> {
    this.running = true;
    return this.ctx.writer.streamStatus(this.descriptor, "RUNNING", [
      { type: "RATE_LIMITED", rate_limited: { quota_reset: Math.ceil(resumeAt) } },
    ]);
  }

  /**
   * After a page (incremental only, when records were written) and at the end. Every stream ends with
   * a STATE (Airbyte counts them), unless the last checkpoint already said it all.
   */
  async checkpoint(when: "page" | "final", upTo?: number): Promise<void> {
    if (when === "page" && (!this.cursor || this.sinceCheckpoint === 0)) return;
    // A page's checkpoint claims no more than the paginator says is complete; the final one, all.
    this.cursor?.holdAt(when === "page" ? upTo : undefined);
    const streamState = this.cursor ? this.cursor.state() : {};
    const serialized = JSON.stringify(streamState);
    if (when === "final" && this.sinceCheckpoint === 0 && serialized === this.lastState) return;
    await this.ctx.writer.state(
      { stream_descriptor: this.descriptor, stream_state: streamState },
      this.sinceCheckpoint,
    );
    this.lastState = serialized;
    this.sinceCheckpoint = 0;
  }

  private async markRunning(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.ctx.writer.streamStatus(this.descriptor, "RUNNING");
  }

  private log(level: "INFO" | "WARN", message: string): Promise<void> {
    return this.ctx.writer.log(level, `Stream '${this.definition.name}': ${message}`);
  }
}

function cursorKindOf(definition: StreamDefinition): CursorKind {
  if (!definition.cursorKind)
    throw new SystemError(`Stream '${definition.name}' has a cursor field but declares no cursor kind.`);
  return definition.cursorKind;
}

function valueFunction(definition: StreamDefinition): (record: JsonObject) => number | undefined {
  const field = definition.cursorField;
  if (!field) return () => undefined;
  const kind = cursorKindOf(definition);
  return (record) => cursorValueOf(kind, record[field]);
}

function createCursor(definition: StreamDefinition, startDateMicros: number): Cursor {
  const field = definition.cursorField as string;
  return cursorKindOf(definition) === "id" ? new IdCursor(field) : new DateTimeCursor(field, startDateMicros);
}

function primaryKeyFunction(primaryKey: string[] | undefined): ((record: JsonObject) => string) | undefined {
  if (!primaryKey || primaryKey.length === 0) return undefined;
  if (primaryKey.length === 1) {
    const field = primaryKey[0] as string;
    return (record) => String(record[field]);
  }
  return (record) => JSON.stringify(primaryKey.map((field) => record[field]));
}
