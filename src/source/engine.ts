import type { HttpClient, JsonResponse } from "../http/client.js";
import { HttpError } from "../http/http-error.js";
import { asConnectorError, ConfigError, type ConnectorError } from "../protocol/errors.js";
import type {
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
  JsonObject,
  StreamDescriptor,
} from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { type Cursor, DateTimeCursor, IdCursor } from "./cursor.js";
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
): Array<{ definition: StreamDefinition; configured: ConfiguredAirbyteStream }> {
  const known = [...definitions.keys()].join(", ");
  for (const name of states.keys()) {
    if (!definitions.has(name)) {
      throw new ConfigError(
        `The state names a stream '${name}' that this source does not have (streams: ${known}).`,
      );
    }
  }
  const seen = new Set<string>();
  return catalog.streams.map((configured) => {
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
}

/** Streams read at once: enough to fill the rate limit while one stream waits on a slow page. */
const STREAM_CONCURRENCY = 3;

/**
 * Reads the configured streams, a few at a time, sharing one HTTP client and rate limit. A failing
 * stream is reported INCOMPLETE and the others still run (their data is good); config errors (auth,
 * permission, subdomain) stop the sync since every request would fail the same way.
 */
export async function readCatalog(
  plan: Array<{ definition: StreamDefinition; configured: ConfiguredAirbyteStream }>,
  states: ReadonlyMap<string, JsonObject>,
  ctx: ReadContext,
  concurrency = STREAM_CONCURRENCY,
): Promise<ReadResult> {
  const result: ReadResult = { streams: 0, records: 0, failures: [] };
  const queue = [...plan];
  let stopped = false;
  const worker = async () => {
    for (let item = queue.shift(); item && !stopped; item = queue.shift()) {
      const { definition, configured } = item;
      try {
        result.records += await readStream(definition, configured, states.get(definition.name), ctx);
        result.streams += 1;
      } catch (caught) {
        const error = asConnectorError(caught);
        await ctx.writer.streamStatus({ name: definition.name }, "INCOMPLETE");
        await ctx.writer.log("ERROR", `Stream '${definition.name}' failed: ${error.message}`);
        result.failures.push({ stream: definition.name, error });
        if (error.failureType === "config_error") stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plan.length)) }, worker));
  return result;
}

async function readStream(
  definition: StreamDefinition,
  configured: ConfiguredAirbyteStream,
  state: JsonObject | undefined,
  ctx: ReadContext,
): Promise<number> {
  return new StreamReader(definition, configured, ctx).run(state);
}

/**
 * Reads one stream: request → extract → RECORD → cursor → checkpoint → next page, with the next page
 * fetched while the current one is written. Returns the number of records written.
 */
class StreamReader {
  private readonly descriptor: StreamDescriptor;
  private readonly cursor: Cursor | undefined;
  private readonly paginator: Paginator;
  private readonly keyOf: ((record: JsonObject) => string) | undefined;
  private running = false;
  /** Set once the stream is over: a prefetch still waiting on a 429 must not report RUNNING after it. */
  private ended = false;
  private total = 0;
  private sinceCheckpoint = 0;
  private lastState: string | undefined;
  /** Keys of the last page read: an API repeating a page must not duplicate records. */
  private previousKeys = new Set<string>();

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
  }

  async run(state: JsonObject | undefined): Promise<number> {
    await this.ctx.writer.streamStatus(this.descriptor, "STARTED");
    try {
      const start = this.cursor
        ? this.cursor.start(state)
        : this.definition.pagination.kind === "incremental_export"
          ? this.ctx.startDateMicros
          : undefined;
      await this.readPages(start);
      await this.markRunning();
      await this.checkpoint("final");
      await this.ctx.writer.streamStatus(this.descriptor, "COMPLETE");
      return this.total;
    } finally {
      this.ended = true;
    }
  }

  private async readPages(start: number | undefined): Promise<void> {
    const { client } = this.ctx;
    const nowMicros = (client.serverNow() ?? Date.now()) * 1000;
    const firstQuery = this.paginator.firstQuery(start, nowMicros);
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
    while (pending && url) {
      let response: JsonResponse;
      try {
        response = await pending;
      } catch (error) {
        if (first && (await this.endsQuietly(error, start))) return;
        throw error;
      }
      first = false;
      const records = this.definition.extract(response.body);
      const nextUrl = this.paginator.next({ url, body: response.body, records });
      pending = nextUrl ? this.fetchPage(nextUrl) : undefined;
      for (const warning of this.paginator.takeWarnings()) await this.log("WARN", warning);
      await this.writePage(records);
      if (nextUrl) await this.checkpoint("page");
      url = nextUrl;
    }
  }

  /** First-page answers that mean "nothing to read" rather than a failure. */
  private async endsQuietly(error: unknown, start: number | undefined): Promise<boolean> {
    if (!(error instanceof HttpError)) return false;
    if (exportStartTooRecent(error, start)) {
      await this.log("INFO", "the API says the cursor is too recent; nothing new yet.");
      return true;
    }
    if (error.status === 404 && this.definition.notFoundMeansEmpty) {
      await this.log("WARN", `not available for this account (404 on ${error.path}); no records.`);
      return true;
    }
    return false;
  }

  private async writePage(records: JsonObject[]): Promise<void> {
    const { definition, cursor } = this;
    const keys = new Set<string>();
    let duplicates = 0;
    let backwards = 0;
    for (const raw of records) {
      const record = definition.transform ? definition.transform(raw) : raw;
      const key = this.keyOf?.(record);
      if (key !== undefined) {
        // Kept even for a skipped record: a page repeated twice must be recognised the second time.
        keys.add(key);
        if (this.previousKeys.has(key)) {
          duplicates += 1;
          continue;
        }
        if (cursor?.alreadyEmitted(record, key)) continue;
      }
      if (cursor && !cursor.observe(record, key)) backwards += 1;
      if (!this.running) await this.markRunning();
      await this.ctx.writer.record(definition.name, record);
      this.sinceCheckpoint += 1;
      this.total += 1;
    }
    this.previousKeys = keys;
    if (duplicates > 0)
      await this.log("WARN", `skipped ${duplicates} records repeated from the previous page.`);
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
