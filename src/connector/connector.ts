import { readFileSync } from "node:fs";
import { ConfigUpdates } from "../engine/config-updates.js";
import { planRead, type ReadResult, readCatalog, toAirbyteStream } from "../engine/index.js";
import type { Source } from "../engine/source.js";
import type { StreamDefinition } from "../engine/stream.js";
import type { HttpClient } from "../http/client.js";
import { asConnectorError, ConfigError } from "../protocol/errors.js";
import { heartbeatMsFromEnv } from "../protocol/heartbeat.js";
import type { ConfiguredAirbyteCatalog, ConnectorSpecification, JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { createClient } from "../zendesk-chat/api.js";
import { allStreams, streamsByName } from "../zendesk-chat/streams/index.js";
import {
  CHECK_PATHS,
  createSupportClient,
  describeCheckedUser,
  SUPPORT_API,
  type SupportAccount,
} from "../zendesk-support/api.js";
import type { SupportConfig } from "../zendesk-support/config.js";
import { supportStreams } from "../zendesk-support/streams/index.js";
import { type ConnectorConfig, configSecrets, parseConfig, unknownConfigKeyWarnings } from "./config.js";

/*
 * The connector: one Zendesk account read through two peer APIs (Chat, and Support when the config
 * has a `support` block). It owns what spans both — the config, which streams a config gets, check,
 * read — and is what the command line (src/cli.ts) and the DuckDB tool (src/warehouse/) drive.
 */

/** spec.json sits at the package root, next to dist/ (and in the Docker image). */
export function loadSpec(): ConnectorSpecification {
  return JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
}

/** Every stream this config can read: Chat's, and Support's when the config has a `support` block. */
export function streamsFor(config?: ConnectorConfig): readonly StreamDefinition[] {
  return config?.support ? [...allStreams, ...supportStreams] : allStreams;
}

export function discover(config?: ConnectorConfig) {
  return { streams: streamsFor(config).map(toAirbyteStream) };
}

/**
 * Reads the cheapest endpoint of each configured API; FAILED carries the reason and what to do,
 * naming the API, never a stack trace.
 */
export async function check(config: ConnectorConfig, writer: MessageWriter, debug = false) {
  const updates = new ConfigUpdates(config.raw, writer);
  const client = createClient(config, writer, updates, debug);
  try {
    await client.getJson(client.resolve("routing_settings/account"));
  } catch (error) {
    return { status: "FAILED" as const, message: asConnectorError(error).message };
  } finally {
    await client.close();
  }
  if (!config.support) return { status: "SUCCEEDED" as const };
  const support = createSupportClient(supportAccount(config), writer, updates, debug);
  try {
    await support.getJson(support.resolve(CHECK_PATHS.authenticated, { "page[size]": 1 }));
    const me = await support.getJson(support.resolve(CHECK_PATHS.whoAmI));
    const problem = describeCheckedUser(me.body);
    if (problem) return { status: "FAILED" as const, message: `Zendesk Chat: OK. ${problem}` };
    return { status: "SUCCEEDED" as const };
  } catch (error) {
    return { status: "FAILED" as const, message: `Zendesk Chat: OK. ${asConnectorError(error).message}` };
  } finally {
    await support.close();
  }
}

function supportAccount(config: ConnectorConfig): SupportAccount {
  return { subdomain: config.subdomain, support: config.support as SupportConfig };
}

/**
 * A Support table needs the config's `support` block (its own credentials): asked for without one,
 * it is a one-line ConfigError saying where to add the block, or what to do instead.
 */
export function requireSupportBlock(
  config: ConnectorConfig,
  streamNames: readonly string[],
  fix: { config: string; otherwise: string },
): void {
  if (config.support) return;
  const support = streamNames.find((name) => supportStreams.some((s) => s.name === name));
  if (support) {
    throw new ConfigError(
      `Stream '${support}' is a Zendesk Support table: add a 'support' block with Support credentials to ${fix.config}, or ${fix.otherwise}.`,
    );
  }
}

/** Streams named in a catalog: every stream of the config, and Support's named to say what is missing. */
function catalogStreams(config: ConnectorConfig): ReadonlyMap<string, StreamDefinition> {
  if (config.support) return new Map(streamsFor(config).map((s) => [s.name, s]));
  return streamsByName;
}

export async function read(
  config: ConnectorConfig,
  catalog: ConfiguredAirbyteCatalog,
  states: Map<string, JsonObject>,
  writer: MessageWriter,
  debug = false,
): Promise<ReadResult> {
  requireSupportBlock(
    config,
    catalog.streams.map((s) => s.stream.name),
    { config: "the config", otherwise: "remove it from the catalog" },
  );
  const plan = planRead(catalog, catalogStreams(config), states);
  const updates = new ConfigUpdates(config.raw, writer);
  const support = config.support
    ? createSupportClient(supportAccount(config), writer, updates, debug)
    : undefined;
  // Whether Chat requests draw on the Support budget is undocumented: by default they are counted
  // (the safe reading: a shared budget overrun is a 429 storm), unless the user says Chat has its own.
  const shareBudget = support && config.support?.chatCountsAgainstBudget ? support : undefined;
  const client = createClient(config, writer, updates, debug, shareBudget);
  try {
    const result = await readCatalog(plan, states, {
      writer,
      client,
      ...(support ? { clients: { [SUPPORT_API]: support } } : {}),
      startDateMicros: config.startDate * 1000,
      heartbeatMs: heartbeatMsFromEnv(),
      allNotFoundMessage: allNotFoundMessage(plan.streams.map((p) => p.source.api)),
    });
    await writer.log(
      "INFO",
      `Read ${result.records} records from ${result.streams}/${plan.streams.length} streams with ${describeRequests(client, support)}.`,
    );
    return result;
  } finally {
    await client.close();
    await support?.close();
  }
}

/** The error when every selected stream answered 404, naming the product(s) those streams read. */
function allNotFoundMessage(apis: ReadonlyArray<string | undefined>): string {
  const support = apis.some((api) => api === SUPPORT_API);
  const chat = apis.some((api) => api !== SUPPORT_API);
  const product = support && chat ? "Chat or Support is" : support ? "Zendesk Support is" : "Chat is";
  return `Every selected stream answered 404 Not Found: the subdomain is probably wrong, or ${product} not enabled on that Zendesk account. Check the subdomain (the 'mycompany' of mycompany.zendesk.com).`;
}

/** "N requests (R retries, L rate-limited, T token refreshes)", per API when Support is read too. */
function describeRequests(chat: HttpClient, support: HttpClient | undefined): string {
  const one = ({ stats }: HttpClient) =>
    `${stats.requests} requests (${stats.retries} retries, ${stats.rateLimited} rate-limited, ${stats.tokenRefreshes} token refreshes)`;
  return support ? `${one(chat)} to Chat and ${one(support)} to Support` : one(chat);
}

/** The connector as a {@link Source}: what `src/cli.ts` drives. */
export const zendeskConnector: Source<ConnectorConfig> = {
  name: "source-zendesk-chat",
  apiName: "Zendesk Chat",
  spec: loadSpec,
  secrets: configSecrets,
  configWarnings: unknownConfigKeyWarnings,
  parseConfig: (raw) => parseConfig(raw),
  check,
  discover: (config) => discover(config),
  read,
};
