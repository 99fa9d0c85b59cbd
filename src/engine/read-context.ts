import type { HttpClient } from "../http/client.js";
import { ConfigError } from "../protocol/errors.js";
import type { MessageWriter } from "../protocol/writer.js";
import type { StreamDefinition } from "./stream.js";

/** What a read works with: where messages go, the HTTP client of each API, the start date. */
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
