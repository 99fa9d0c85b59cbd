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
import { createPaginator, exportStartTooRecent } from "./paginators.js";
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
  const { writer, client } = ctx;
  const descriptor: StreamDescriptor = { name: definition.name };
  await writer.streamStatus(descriptor, "STARTED");
  let running = false;
  const markRunning = async () => {
    if (running) return;
    running = true;
    await writer.streamStatus(descriptor, "RUNNING");
  };
  const cursor =
    configured.sync_mode === "incremental" ? createCursor(definition, ctx.startDateMicros) : undefined;
  const start = cursor
    ? cursor.start(state)
    : definition.pagination.kind === "incremental_export"
      ? ctx.startDateMicros
      : undefined;
  const paginator = createPaginator(definition.pagination, client);
  const nowMicros = (client.serverNow() ?? Date.now()) * 1000;
  const firstQuery = paginator.firstQuery(start, nowMicros);
  // A prefetch still waiting on a 429 when the stream fails must not report RUNNING after INCOMPLETE.
  let ended = false;
  const hooks = {
    onRateLimited: (resumeAt: number) => {
      if (ended) return;
      running = true;
      void writer.streamStatus(descriptor, "RUNNING", [
        { type: "RATE_LIMITED", rate_limited: { quota_reset: resumeAt } },
      ]);
    },
  };
  const fetchPage = (url: URL) => {
    const promise = client.getJson(url, hooks);
    // The next page is fetched while this one is written; its failure is handled when awaited.
    promise.catch(() => undefined);
    return promise;
  };
  const keyOf = primaryKeyFunction(definition.primaryKey);

  let total = 0;
  let sinceCheckpoint = 0;
  let lastState: string | undefined;
  try {
    if (!firstQuery) {
      await writer.log(
        "INFO",
        `Stream '${definition.name}': the cursor is less than 5 minutes old; nothing new to read yet.`,
      );
    } else {
      let url: URL | undefined = client.resolve(definition.path, { ...definition.query, ...firstQuery });
      let pending: Promise<JsonResponse> | undefined = fetchPage(url);
      let previousKeys = new Set<string>();
      let first = true;
      while (pending && url) {
        let response: JsonResponse;
        try {
          response = await pending;
        } catch (error) {
          if (first && error instanceof HttpError && exportStartTooRecent(error, start)) {
            await writer.log(
              "INFO",
              `Stream '${definition.name}': the API says the cursor is too recent; nothing new yet.`,
            );
            break;
          }
          if (first && error instanceof HttpError && error.status === 404 && definition.notFoundMeansEmpty) {
            await writer.log(
              "WARN",
              `Stream '${definition.name}': not available for this account (404 on ${error.path}); no records.`,
            );
            break;
          }
          throw error;
        }
        first = false;
        const records = definition.extract(response.body);
        const nextUrl = paginator.next({ url, body: response.body, records });
        pending = nextUrl ? fetchPage(nextUrl) : undefined;
        for (const warning of paginator.takeWarnings())
          await writer.log("WARN", `Stream '${definition.name}': ${warning}`);

        const keys = new Set<string>();
        let duplicates = 0;
        let backwards = 0;
        for (const raw of records) {
          const record = definition.transform ? definition.transform(raw) : raw;
          const key = keyOf?.(record);
          if (key !== undefined) {
            // Kept even for a skipped record: a page repeated twice must be recognised the second time.
            keys.add(key);
            // The API repeating the previous page must not duplicate records.
            if (previousKeys.has(key)) {
              duplicates += 1;
              continue;
            }
            if (cursor?.alreadyEmitted(record, key)) continue;
          }
          if (cursor && !cursor.observe(record, key)) backwards += 1;
          if (!running) await markRunning();
          await writer.record(definition.name, record);
          sinceCheckpoint += 1;
          total += 1;
        }
        if (duplicates > 0) {
          await writer.log(
            "WARN",
            `Stream '${definition.name}': skipped ${duplicates} records repeated from the previous page.`,
          );
        }
        if (backwards > 0) {
          await writer.log(
            "WARN",
            `Stream '${definition.name}': ${backwards} records had a cursor older than one already read; kept them, state unchanged.`,
          );
        }
        previousKeys = keys;
        if (cursor && nextUrl && sinceCheckpoint > 0) {
          const streamState = cursor.state();
          await writer.state({ stream_descriptor: descriptor, stream_state: streamState }, sinceCheckpoint);
          lastState = JSON.stringify(streamState);
          sinceCheckpoint = 0;
        }
        url = nextUrl;
      }
    }
    await markRunning();
    // Every stream ends with a STATE (Airbyte counts them), unless the last checkpoint already said it all.
    const finalState = cursor ? cursor.state() : {};
    if (sinceCheckpoint > 0 || lastState !== JSON.stringify(finalState)) {
      await writer.state({ stream_descriptor: descriptor, stream_state: finalState }, sinceCheckpoint);
    }
    await writer.streamStatus(descriptor, "COMPLETE");
    return total;
  } finally {
    ended = true;
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
