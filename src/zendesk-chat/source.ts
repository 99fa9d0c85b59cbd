import { readFileSync } from "node:fs";
import type { HttpClient } from "../http/client.js";
import { asConnectorError, ConfigError } from "../protocol/errors.js";
import type { ConfiguredAirbyteCatalog, ConnectorSpecification, JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { ConfigUpdates } from "../source/config-updates.js";
import { planRead, type ReadResult, readCatalog, toAirbyteStream } from "../source/engine.js";
import type { Source } from "../source/source.js";
import type { StreamDefinition } from "../source/stream.js";
import { registerWarehouseCommands } from "../warehouse/index.js";
import {
  CHECK_PATHS,
  createSupportClient,
  describeCheckedUser,
  SUPPORT_API,
  type SupportAccount,
} from "../zendesk-support/api.js";
import { type SupportConfig, supportSecrets } from "../zendesk-support/config.js";
import { supportStreams } from "../zendesk-support/streams/index.js";
import { createClient } from "./api.js";
import { parseConfig, unknownConfigKeyWarnings, type ZendeskChatConfig } from "./config.js";
import { allStreams, streamsByName } from "./streams/index.js";

/** spec.json sits at the package root, next to dist/ (and in the Docker image). */
export function loadSpec(): ConnectorSpecification {
  return JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
}

/** Every stream this config can read: Chat's, and Support's when the config has a `support` block. */
export function streamsFor(config?: ZendeskChatConfig): readonly StreamDefinition[] {
  return config?.support ? [...allStreams, ...supportStreams] : allStreams;
}

export function discover(config?: ZendeskChatConfig) {
  return { streams: streamsFor(config).map(toAirbyteStream) };
}

/**
 * Reads the cheapest endpoint of each configured API; FAILED carries the reason and what to do,
 * naming the API, never a stack trace.
 */
export async function check(config: ZendeskChatConfig, writer: MessageWriter, debug = false) {
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

function supportAccount(config: ZendeskChatConfig): SupportAccount {
  return { subdomain: config.subdomain, support: config.support as SupportConfig };
}

/** Streams named in a catalog: every stream of the config, and Support's named to say what is missing. */
function catalogStreams(config: ZendeskChatConfig): ReadonlyMap<string, StreamDefinition> {
  if (config.support) return new Map(streamsFor(config).map((s) => [s.name, s]));
  return streamsByName;
}

export async function read(
  config: ZendeskChatConfig,
  catalog: ConfiguredAirbyteCatalog,
  states: Map<string, JsonObject>,
  writer: MessageWriter,
  debug = false,
): Promise<ReadResult> {
  if (!config.support) {
    const support = catalog.streams.find((s) => supportStreams.some((d) => d.name === s.stream.name));
    if (support) {
      throw new ConfigError(
        `Stream '${support.stream.name}' is a Zendesk Support table: add a 'support' block with Support credentials to the config, or remove it from the catalog.`,
      );
    }
  }
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

/** The values of a raw config's credentials, registered as secrets before the config is validated. */
export function configSecrets(raw: unknown): unknown[] {
  if (typeof raw !== "object" || raw === null) return [];
  const credentials = (raw as { credentials?: unknown }).credentials;
  if (typeof credentials !== "object" || credentials === null) return [];
  return [
    ...["access_token", "refresh_token", "client_secret", "client_id"].map(
      (key) => (credentials as Record<string, unknown>)[key],
    ),
    ...supportSecrets((raw as { support?: unknown }).support),
  ];
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
  discover: (config) => discover(config),
  read,
  // sync and report: a local DuckDB copy of the streams and a KPI report.
  helperCommands: { names: ["sync", "report", "query"], register: registerWarehouseCommands },
};
