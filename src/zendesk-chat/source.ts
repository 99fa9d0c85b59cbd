import { readFileSync } from "node:fs";
import { asConnectorError } from "../protocol/errors.js";
import type { ConfiguredAirbyteCatalog, ConnectorSpecification, JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { planRead, type ReadResult, readCatalog, toAirbyteStream } from "../source/engine.js";
import type { Source } from "../source/source.js";
import { registerWarehouseCommands } from "../warehouse/index.js";
import { createClient } from "./api.js";
import { parseConfig, unknownConfigKeyWarnings, type ZendeskChatConfig } from "./config.js";
import { allStreams, streamsByName } from "./streams/index.js";

/** spec.json sits at the package root, next to dist/ (and in the Docker image). */
export function loadSpec(): ConnectorSpecification {
  return JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
}

export function discover() {
  return { streams: allStreams.map(toAirbyteStream) };
}

/** Reads the cheapest endpoint; FAILED carries the reason and what to do, never a stack trace. */
export async function check(config: ZendeskChatConfig, writer: MessageWriter, debug = false) {
  const client = createClient(config, writer, debug);
  try {
    await client.getJson(client.resolve("routing_settings/account"));
    return { status: "SUCCEEDED" as const };
  } catch (error) {
    return { status: "FAILED" as const, message: asConnectorError(error).message };
  } finally {
    await client.close();
  }
}

export async function read(
  config: ZendeskChatConfig,
  catalog: ConfiguredAirbyteCatalog,
  states: Map<string, JsonObject>,
  writer: MessageWriter,
  debug = false,
): Promise<ReadResult> {
  const plan = planRead(catalog, streamsByName, states);
  const client = createClient(config, writer, debug);
  try {
    const result = await readCatalog(plan, states, {
      writer,
      client,
      startDateMicros: config.startDate * 1000,
      allNotFoundMessage: `Every selected stream answered 404 Not Found: the subdomain is probably wrong, or Chat is not enabled on that Zendesk account. Check the subdomain (the 'mycompany' of mycompany.zendesk.com).`,
    });
    const { requests, retries, rateLimited, tokenRefreshes } = client.stats;
    await writer.log(
      "INFO",
      `Read ${result.records} records from ${result.streams}/${plan.streams.length} streams with ${requests} requests (${retries} retries, ${rateLimited} rate-limited, ${tokenRefreshes} token refreshes).`,
    );
    return result;
  } finally {
    await client.close();
  }
}

/** The values of a raw config's credentials, registered as secrets before the config is validated. */
export function configSecrets(raw: unknown): unknown[] {
  if (typeof raw !== "object" || raw === null) return [];
  const credentials = (raw as { credentials?: unknown }).credentials;
  if (typeof credentials !== "object" || credentials === null) return [];
  return ["access_token", "refresh_token", "client_secret", "client_id"].map(
    (key) => (credentials as Record<string, unknown>)[key],
  );
}

/** Zendesk Chat as a {@link Source}: what `src/cli.ts` drives. */
export const zendeskChatSource: Source<ZendeskChatConfig> = {
  name: "source-zendesk-chat",
  apiName: "Zendesk Chat",
  spec: loadSpec,
  secrets: configSecrets,
  configWarnings: unknownConfigKeyWarnings,
  parseConfig: (raw) => parseConfig(raw),
  check,
  discover: () => discover(),
  read,
  // sync and report: a local DuckDB copy of the streams and a KPI report.
  helperCommands: { names: ["sync", "report"], register: registerWarehouseCommands },
};
