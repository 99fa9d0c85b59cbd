import { afterAll, beforeAll, expect } from "vitest";
import {
  type Emulator,
  type EmulatorOptions,
  RESOURCE_OF_STREAM,
  type ResourceName,
  startEmulator,
} from "../../emulator/index.js";
import { configureCatalog } from "../../scripts/lib/connector.js";
import { expectedRows } from "../../scripts/lib/expected-rows.js";
import { startDateLimits } from "../../src/engine/stream.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { allStreams as chatStreams } from "../../src/zendesk-chat/streams/index.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import { type Message, type RunOptions, type RunResult, runCli, writeJsonFiles } from "./cli.js";

export const START_DATE = "2025-01-01T00:00:00Z";

/**
 * The stream registry (what discover lists) drives these tables; only the emulator resource a stream
 * reads is stated here, where its name differs from the stream's (a child stream reads its parent's).
 */
const RESOURCE_OF: Readonly<Record<string, ResourceName>> = RESOURCE_OF_STREAM;

/** Every stream of the connector: Chat's, then Support's (listed by discover with a `support` block). */
const allStreams = [...chatStreams, ...supportStreams];

export type StreamName = string;
/** The Chat streams (what a config without `support` reads). */
export const STREAM_NAMES: StreamName[] = chatStreams.map((s) => s.name);
export const SUPPORT_STREAM_NAMES: StreamName[] = supportStreams.map((s) => s.name);
export const SUPPORT_INCREMENTAL_STREAMS: StreamName[] = supportStreams
  .filter((s) => s.cursorField)
  .map((s) => s.name);
export const STREAM_RESOURCES: Record<StreamName, ResourceName> = Object.fromEntries(
  allStreams.map((s) => {
    // A child reads its parent's items, unless its rows are a side-load beside them (its own records).
    const source = s.parent && !s.pageRows ? s.parent : s.name;
    return [s.name, RESOURCE_OF[source] ?? (source as ResourceName)];
  }),
);
/** The Chat streams that sync incrementally. */
export const INCREMENTAL_STREAMS: StreamName[] = chatStreams.filter((s) => s.cursorField).map((s) => s.name);
const ANY_INCREMENTAL: StreamName[] = allStreams.filter((s) => s.cursorField).map((s) => s.name);
export const CURSOR: Partial<Record<StreamName, string>> = Object.fromEntries(
  allStreams.flatMap((s) => (s.cursorField ? [[s.name, s.cursorField]] : [])),
);
/** Child streams of chats (fed by the chats export). */
export const CHAT_CHILD_STREAMS: StreamName[] = chatStreams
  .filter((s) => s.parent === "chats")
  .map((s) => s.name);
const PRIMARY_KEY: Record<StreamName, string[]> = Object.fromEntries(
  allStreams.map((s) => [s.name, s.primaryKey ?? []]),
);

/** A record's primary key as one string (composite keys joined). */
/**
 * What a destination in append_dedup mode ends with after these runs: per primary key, the version
 * with the newest cursor value (ties: the later one), keyed by `keyOf`.
 */
export function dedupMerge(
  stream: StreamName,
  ...runs: Array<{ records(stream: string): Array<Record<string, unknown>> }>
): Map<string, Record<string, unknown>> {
  const field = CURSOR[stream];
  const value = (record: Record<string, unknown>) =>
    field === undefined ? 0 : (toEpochMicros(record[field]) ?? Number(record[field]));
  const latest = new Map<string, Record<string, unknown>>();
  for (const run of runs) {
    for (const record of run.records(stream)) {
      const key = keyOf(stream, record);
      const held = latest.get(key);
      if (!held || value(record) >= value(held)) latest.set(key, record);
    }
  }
  return latest;
}

export function keyOf(stream: StreamName, record: Record<string, unknown>): string {
  const fields = PRIMARY_KEY[stream] ?? [];
  return fields.length === 1
    ? String(record[fields[0] as string])
    : JSON.stringify(fields.map((f) => record[f]));
}

export { childRows } from "../../scripts/lib/expected-rows.js";

/** Support streams limited by the start date (the others are reference data, read in full). */
const SINCE_START_DATE = new Map(
  supportStreams.filter(startDateLimits).map((s) => [s.name, s.cursorField as string]),
);

/**
 * What the connector should emit for a stream: the emulator's records as the API returns them (for
 * the Support streams limited by the start date, those at or after START_DATE).
 */
export function expectedRecords(emulator: Emulator, stream: StreamName): Array<Record<string, unknown>> {
  const definition: { name: string; parent?: string; pageRows?: unknown } = allStreams.find(
    (s) => s.name === stream,
  ) ?? { name: stream };
  // A child made of its parent's items (ticket_audits' chat tables) starts where its parent does; a
  // side-loaded child (ticket_metrics) has records of its own, with its own cursor.
  const sinceField = SINCE_START_DATE.get(
    definition.parent && !definition.pageRows ? definition.parent : stream,
  );
  let records = [...emulator.records(STREAM_RESOURCES[stream] as ResourceName)];
  if (sinceField) {
    const start = toEpochMicros(START_DATE) as number;
    records = records.filter((r) => (toEpochMicros(r[sinceField]) ?? 0) >= start);
  }
  return records.flatMap((record) => expectedRows(definition, record));
}

export function accessTokenConfig(emulator: Emulator, extra: Record<string, unknown> = {}) {
  return {
    subdomain: "emulator",
    start_date: START_DATE,
    requests_per_minute: 10_000,
    credentials: { credentials: "access_token", access_token: emulator.currentAccessToken() },
    ...extra,
  };
}

/**
 * An OAuth config for the emulator: its current access token, the given client and (unless
 * `refreshToken` is null) refresh token.
 */
export function oauthConfig(
  emulator: Emulator,
  client: { clientId: string; clientSecret: string },
  refreshToken: string | null,
) {
  return {
    subdomain: "emulator",
    start_date: START_DATE,
    requests_per_minute: 10_000,
    credentials: {
      credentials: "oauth2.0",
      client_id: client.clientId,
      client_secret: client.clientSecret,
      access_token: emulator.currentAccessToken(),
      ...(refreshToken !== null ? { refresh_token: refreshToken } : {}),
    },
  };
}

/**
 * A config reading Chat and Support from the emulator: Support with its current API token (or
 * `credentials`), budgets high enough for tests unless `support` says otherwise.
 */
export function supportConfig(
  emulator: Emulator,
  support: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const { email, apiToken } = emulator.supportCredentials();
  return accessTokenConfig(emulator, {
    support: {
      credentials: { credentials: "api_token", email, api_token: apiToken },
      requests_per_minute: 10_000,
      export_requests_per_minute: 1000,
      ...support,
    },
    ...extra,
  });
}

/**
 * The configured catalog of `streams` (incremental + dedup where a stream supports it, when asked),
 * built by the one catalog builder the acceptance runner uses too (scripts/lib/connector.ts).
 */
export function catalogFor(streams: StreamName[], mode: "full_refresh" | "incremental" = "full_refresh") {
  const discovered = streams.map((name) => ({
    name,
    json_schema: {},
    supported_sync_modes: ANY_INCREMENTAL.includes(name) ? ["full_refresh", "incremental"] : ["full_refresh"],
  }));
  return configureCatalog({ streams: discovered }, mode === "incremental" ? "preferred" : "full_refresh");
}

/** Runs `read` against the emulator with the given config, catalog and optional state. */
export function readFrom(
  emulator: Emulator,
  input: { config?: unknown; catalog: unknown; state?: unknown },
  options: RunOptions = {},
): Promise<RunResult> {
  const files = writeJsonFiles({
    config: input.config ?? accessTokenConfig(emulator),
    catalog: input.catalog,
    ...(input.state !== undefined ? { state: input.state } : {}),
  });
  const args = ["read", "--config", files.config, "--catalog", files.catalog];
  if ("state" in files) args.push("--state", (files as { state: string }).state);
  return runCli(args, {
    ...options,
    env: {
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
      ...options.env,
    },
  });
}

export async function withEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator(options);
}

/**
 * The emulator of the enclosing describe block: started before its tests (beforeAll), closed after
 * them (afterAll). What it returns stands for that emulator (a proxy), so tests use it as the
 * Emulator itself, from their hooks and tests on.
 */
export function useEmulator(options: EmulatorOptions = {}, timeoutMs?: number): Emulator {
  let current: Emulator | undefined;
  beforeAll(async () => {
    current = await startEmulator(options);
  }, timeoutMs);
  afterAll(() => current?.close());
  return new Proxy({} as Emulator, {
    get(_target, key) {
      if (!current)
        throw new Error("useEmulator: the emulator starts in beforeAll; use it from a hook or a test");
      const value: unknown = Reflect.get(current, key);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/**
 * For tests of paging logic that need the old idealised export paging (full pages, next_page
 * null at the end, end_id on agent_timeline): `withEmulator({ ...IDEAL_PAGING, seed: 1 })`.
 * The emulator's default is the real API's paging.
 */
export const IDEAL_PAGING = { paging: "ideal" } as const satisfies EmulatorOptions;

/**
 * The requests the emulator recorded as unexpected, one readable line each, so that
 * `expect(unexpectedRequestLines(emulator)).toEqual([])` shows what the connector sent wrong.
 */
export function unexpectedRequestLines(emulator: Emulator): string[] {
  return emulator
    .unexpectedRequests()
    .map((u) => `${u.method} ${u.path}${u.query ? `?${u.query}` : ""}: ${u.reason}`);
}

/** Every run exited 0 with no ERROR trace, and `unexpected` (unexpectedRequestLines) is empty. */
export function expectCleanRuns(runs: RunResult[], unexpected: string[]): void {
  for (const run of runs) {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.traces("ERROR")).toEqual([]);
  }
  expect(unexpected).toEqual([]);
}

/** The Support exports, which leave out what changed within the last minute of the server's clock. */
const MINUTE_RULE_EXPORTS: Readonly<Record<string, string>> = {
  tickets: "generated_timestamp",
  users: "updated_at",
  organizations: "updated_at",
  ticket_metrics: "_ab_updated_at",
  ticket_comments: "created_at",
  ticket_metric_events: "time",
};

/**
 * What a read can return *now*: `expectedRecords`, without the items the Support exports hold back
 * (changed within the last 60 s of the emulator's clock; the next sync after the clock moves on reads them).
 */
export function visibleRecords(emulator: Emulator, stream: StreamName): Array<Record<string, unknown>> {
  const records = expectedRecords(emulator, stream);
  const field = MINUTE_RULE_EXPORTS[stream];
  if (!field) return records;
  const cutoff = (Math.floor(emulator.now().getTime() / 1000) - 60) * 1_000_000;
  return records.filter((r) => (toEpochMicros(r[field]) ?? 0) <= cutoff);
}

/** The CONNECTOR_CONFIG controls of a run (the configs it asked Airbyte to persist), in order. */
export function controlConfigs(run: RunResult): Message[] {
  return run.messages
    .filter((m) => m.type === "CONTROL" && m.control.type === "CONNECTOR_CONFIG")
    .map((m) => m.control.connectorConfig.config);
}
