import type { HttpClient, JsonResponse } from "../http/client.js";
import { HttpError } from "../http/http-error.js";
import { AuthError, asConnectorError, ConfigError, type ConnectorError } from "../protocol/errors.js";
import type {
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
  JsonObject,
  StreamDescriptor,
} from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { type Cursor, cursorValueOf, DateTimeCursor, IdCursor } from "./cursor.js";
import { createPaginator, exportStartTooRecent, type Paginator } from "./paginators.js";
import type { StreamDefinition } from "./stream.js";

export interface ReadContext {
  writer: MessageWriter;
  client: HttpClient;
  /** The configured start date, epoch microseconds. */
  startDateMicros: number;
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
    return { definition, configured };
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

export interface ReadPlan {
  streams: Array<{ definition: StreamDefinition; configured: ConfiguredAirbyteStream }>;
  /** Things about the input worth a WARN that do not stop the read. */
  warnings: string[];
}

/** Streams read at once: enough to fill the rate limit while one stream waits on a slow page. */
const STREAM_CONCURRENCY = 3;

/**
 * Reads the configured streams, a few at a time, sharing one HTTP client and rate limit. A failing
 * stream is reported INCOMPLETE and the others still run (their data is good). Only a failure that
 * every request would share (the credentials are rejected) stops the streams not started yet; a 403
 * or 404 is about one endpoint. A 404 on a stream's first request ends that stream empty (a plan
 * without the feature); when every stream answers 404, the subdomain is the likelier culprit.
 */
export async function readCatalog(
  plan: ReadPlan,
  states: ReadonlyMap<string, JsonObject>,
  ctx: ReadContext,
  concurrency = STREAM_CONCURRENCY,
): Promise<ReadResult> {
  const result: ReadResult = { streams: 0, records: 0, failures: [] };
  for (const warning of plan.warnings) await ctx.writer.log("WARN", warning);
  const queue = [...plan.streams];
  let stopped = false;
  let notFound = 0;
  const worker = async () => {
    for (let item = queue.shift(); item && !stopped; item = queue.shift()) {
      const { definition, configured } = item;
      const reader = new StreamReader(definition, configured, ctx);
      try {
        await reader.run(states.get(definition.name));
        result.streams += 1;
        if (reader.endedNotFound) notFound += 1;
      } catch (caught) {
        const error = streamError(definition.name, caught);
        await ctx.writer.streamStatus({ name: definition.name }, "INCOMPLETE");
        await ctx.writer.log("ERROR", `Stream '${definition.name}' failed: ${error.message}`);
        result.failures.push({ stream: definition.name, error });
        if (stopsEveryStream(caught, error)) stopped = true;
      } finally {
        // Counted whether the stream finished or failed: what was written was written.
        result.records += reader.written;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plan.streams.length)) }, worker));
  if (plan.streams.length > 0 && notFound === plan.streams.length) {
    result.failures.push({
      stream: "",
      error: new ConfigError(
        `Every selected stream answered 404 Not Found: the subdomain is probably wrong, or Chat is not enabled on that Zendesk account. Check the subdomain (the 'mycompany' of mycompany.zendesk.com).`,
      ),
    });
  }
  return result;
}

/** The error of a failed stream, its message naming the stream when the cause is its endpoint. */
function streamError(stream: string, caught: unknown): ConnectorError {
  const error = asConnectorError(caught);
  if (caught instanceof HttpError && caught.status === 403 && !error.message.includes(`'${stream}'`)) {
    return new ConfigError(`Stream '${stream}': ${error.message}`, error.internalMessage);
  }
  return error;
}

/** Rejected credentials fail every request alike; a 403/404 concerns one endpoint only. */
function stopsEveryStream(caught: unknown, error: ConnectorError): boolean {
  if (caught instanceof HttpError) return caught.status === 401;
  return error instanceof AuthError;
}

/** Pages kept in memory to recognise records an API repeats across page boundaries. */
const REMEMBERED_PAGES = 2;

/**
 * Reads one stream: request → extract → RECORD → cursor → checkpoint → next page, with the next page
 * fetched while the current one is written.
 */
class StreamReader {
  /** Records written so far (readable after a failure too). */
  written = 0;
  /** True when the stream ended empty on a 404 (the account lacks the endpoint). */
  endedNotFound = false;
  private readonly descriptor: StreamDescriptor;
  private readonly cursor: Cursor | undefined;
  private readonly paginator: Paginator;
  private readonly keyOf: ((record: JsonObject) => string) | undefined;
  private readonly valueOf: (record: JsonObject) => number | undefined;
  private running = false;
  /** Set once the stream is over: a prefetch still waiting on a 429 must not report RUNNING after it. */
  private ended = false;
  private sinceCheckpoint = 0;
  /** Records the API sent again, unchanged, across pages (an inclusive start_time does it at every page). */
  private repeated = 0;
  private lastState: string | undefined;
  /**
   * Key → cursor value of the records of the last pages. An API repeating records (a stale page, an
   * inclusive start_time) must not duplicate them; a record that comes back with a *newer* cursor
   * value was updated while we read, and is emitted again.
   */
  private recentPages: Array<Map<string, number | undefined>> = [];

  constructor(
    private readonly definition: StreamDefinition,
    configured: ConfiguredAirbyteStream,
    private readonly ctx: ReadContext,
  ) {
    this.descriptor = { name: definition.name };
    this.cursor =
      configured.sync_mode === "incremental" ? createCursor(definition, ctx.startDateMicros) : undefined;
    this.paginator = createPaginator(definition.pagination, ctx.client);
    this.keyOf = primaryKeyFunction(definition.primaryKey);
    const field = definition.cursorField;
    const kind = definition.pagination.kind === "since_id" ? "id" : "datetime";
    this.valueOf = field ? (record) => cursorValueOf(kind, record[field]) : () => undefined;
  }

  async run(state: JsonObject | undefined): Promise<void> {
    await this.ctx.writer.streamStatus(this.descriptor, "STARTED");
    try {
      const start = this.cursor
        ? this.cursor.start(state)
        : this.definition.pagination.kind === "incremental_export"
          ? this.ctx.startDateMicros
          : undefined;
      await this.readPages(start);
      if (this.repeated > 0)
        await this.log("INFO", `skipped ${this.repeated} records the API repeated unchanged across pages.`);
      await this.markRunning();
      await this.checkpoint("final");
      await this.ctx.writer.streamStatus(this.descriptor, "COMPLETE");
    } finally {
      this.ended = true;
    }
  }

  private nowMicros(): number {
    return (this.ctx.client.serverNow() ?? Date.now()) * 1000;
  }

  private async readPages(start: number | undefined): Promise<void> {
    const { client } = this.ctx;
    const firstQuery = this.paginator.firstQuery(start, this.nowMicros());
    if (!firstQuery) {
      await this.log("INFO", "the cursor is less than 5 minutes old; nothing new to read yet.");
      return;
    }
    let url: URL | undefined = client.resolve(this.definition.path, {
      ...this.definition.query,
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
      first = false;
      const page = this.screen(this.definition.extract(response.body));
      if (page.newest !== undefined && (newest === undefined || page.newest > newest)) newest = page.newest;
      const next = this.paginator.next(
        {
          url,
          body: response.body,
          records: page.records,
          fresh: page.fresh.length,
          oldestMicros: page.oldest,
        },
        this.nowMicros(),
      );
      const nextUrl = "url" in next ? next.url : undefined;
      pending = nextUrl ? this.fetchPage(nextUrl) : undefined;
      for (const warning of this.paginator.takeWarnings()) await this.log("WARN", warning);
      await this.writePage(page);
      if (nextUrl) await this.checkpoint("page");
      else if ("reason" in next && next.reason) await this.log("INFO", next.reason);
      url = nextUrl;
    }
  }

  /** Answers that mean "nothing (more) to read" rather than a failure. */
  private async endsQuietly(error: unknown, first: boolean, startMicros: number | undefined) {
    if (!(error instanceof HttpError)) return false;
    if (exportStartTooRecent(error, startMicros)) {
      await this.log("INFO", "the API says the rest is less than five minutes old; the next sync reads it.");
      return true;
    }
    if (error.status === 404 && first) {
      this.endedNotFound = true;
      await this.log(
        "WARN",
        `not available for this account (404 Not Found on ${error.path}): its plan may not include this feature, or the token's role cannot see it; no records.`,
      );
      return true;
    }
    return false;
  }

  /**
   * Transforms a page's records, sets aside the ones already delivered unchanged (by an earlier page,
   * or by the previous sync at its boundary), and
   * notes the range of cursor values (the paginator needs them to tell a stale page from the end).
   */
  private screen(raw: JsonObject[]) {
    const { definition, keyOf } = this;
    const records: JsonObject[] = [];
    const fresh: Array<{ record: JsonObject; key: string | undefined; value: number | undefined }> = [];
    const keys = new Map<string, number | undefined>();
    let repeated = 0;
    let oldest: number | undefined;
    let newest: number | undefined;
    for (const item of raw) {
      const record = definition.transform ? definition.transform(item) : item;
      records.push(record);
      const value = this.valueOf(record);
      if (value !== undefined) {
        if (oldest === undefined || value < oldest) oldest = value;
        if (newest === undefined || value > newest) newest = value;
      }
      const key = keyOf?.(record);
      if (key !== undefined) {
        // Noted even for a skipped record: a page repeated twice must be recognised the second time.
        keys.set(key, value);
        if (this.deliveredRecently(key, value)) {
          repeated += 1;
          continue;
        }
        // Delivered, unchanged, by the previous sync at its boundary: not new either.
        if (this.cursor?.alreadyEmitted(record, key, value)) continue;
      }
      fresh.push({ record, key, value });
    }
    this.recentPages.unshift(keys);
    this.recentPages.length = Math.min(this.recentPages.length, REMEMBERED_PAGES);
    return { records, fresh, repeated, oldest, newest };
  }

  private deliveredRecently(key: string, value: number | undefined): boolean {
    for (const page of this.recentPages) {
      if (!page.has(key)) continue;
      const before = page.get(key);
      // Same version (or an older one) than already delivered; a newer value is an update.
      if (value === undefined || before === undefined || value <= before) return true;
    }
    return false;
  }

  private async writePage(page: ReturnType<StreamReader["screen"]>): Promise<void> {
    const { definition, cursor } = this;
    let backwards = 0;
    for (const { record, key, value } of page.fresh) {
      if (cursor && !cursor.observe(record, key, value)) backwards += 1;
      if (!this.running) await this.markRunning();
      await this.ctx.writer.record(definition.name, record);
      this.sinceCheckpoint += 1;
      this.written += 1;
    }
    this.repeated += page.repeated;
    if (backwards > 0) {
      await this.log(
        "WARN",
        `${backwards} records had a cursor older than one already read; kept them, state unchanged.`,
      );
    }
  }

  /**
   * After a page (incremental only, when records were written) and at the end. Every stream ends with
   * a STATE (Airbyte counts them), unless the last checkpoint already said it all.
   */
  private async checkpoint(when: "page" | "final"): Promise<void> {
    if (when === "page" && (!this.cursor || this.sinceCheckpoint === 0)) return;
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

  private fetchPage(url: URL): Promise<JsonResponse> {
    const promise = this.ctx.client.getJson(url, {
      onRateLimited: (resumeAt) => {
        if (this.ended) return;
        this.running = true;
        void this.ctx.writer.streamStatus(this.descriptor, "RUNNING", [
          { type: "RATE_LIMITED", rate_limited: { quota_reset: resumeAt } },
        ]);
      },
    });
    // The next page is fetched while this one is written; its failure is handled when awaited.
    promise.catch(() => undefined);
    return promise;
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

function createCursor(definition: StreamDefinition, startDateMicros: number): Cursor {
  const field = definition.cursorField as string;
  return definition.pagination.kind === "since_id"
    ? new IdCursor(field)
    : new DateTimeCursor(field, startDateMicros);
}

function primaryKeyFunction(primaryKey: string[] | undefined): ((record: JsonObject) => string) | undefined {
  if (!primaryKey || primaryKey.length === 0) return undefined;
  if (primaryKey.length === 1) {
    const field = primaryKey[0] as string;
    return (record) => String(record[field]);
  }
  return (record) => JSON.stringify(primaryKey.map((field) => record[field]));
}
