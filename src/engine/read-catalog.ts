import { HttpError } from "../http/http-error.js";
import { AuthError, asConnectorError, ConfigError, type ConnectorError } from "../protocol/errors.js";
import { DEFAULT_HEARTBEAT_MS, Heartbeat } from "../protocol/heartbeat.js";
import type { JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";

export type { ReadContext } from "./read-context.js";

import type { ReadContext } from "./read-context.js";
import { groupByRequests, type ReadPlan } from "./read-plan.js";
import { RequestSequenceReader } from "./request-sequence.js";

export interface ReadResult {
  streams: number;
  records: number;
  failures: Array<{ stream: string; error: ConnectorError }>;
}

/**
 * Request sequences read at once per API: enough to fill its rate limit while one waits on a slow
 * page. Each API has its own budget, so a slow one (Support's exports: 10 requests a minute) does
 * not hold up the other's streams.
 */
const STREAM_CONCURRENCY = 3;

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
  const active = new Set<RequestSequenceReader>();
  const heartbeat = new Heartbeat(ctx.writer, ctx.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, () =>
    stillReading(active, ctx.writer),
  );
  heartbeat.start();
  const worker = async (api: string, queue: ReturnType<typeof groupByRequests>) => {
    while (!stopped.has(api)) {
      const item = queue.shift();
      if (!item) break;
      const reader = new RequestSequenceReader(item.source, item.members, ctx);
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
async function stillReading(
  active: ReadonlySet<RequestSequenceReader>,
  writer: MessageWriter,
): Promise<void> {
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
