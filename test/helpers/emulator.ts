import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator/index.js";
import { type RunOptions, type RunResult, runCli, writeJsonFiles } from "./cli.js";

export const START_DATE = "2025-01-01T00:00:00Z";

/** Stream name → emulator resource, and what the connector adds to each API record. */
export const STREAM_RESOURCES = {
  accounts: "account",
  agents: "agents",
  agent_timeline: "agent_timeline",
  bans: "bans",
  chats: "chats",
  departments: "departments",
  goals: "goals",
  roles: "roles",
  routing_settings: "routing_settings",
  shortcuts: "shortcuts",
  skills: "skills",
  triggers: "triggers",
} as const;
export type StreamName = keyof typeof STREAM_RESOURCES;
export const STREAM_NAMES = Object.keys(STREAM_RESOURCES) as StreamName[];
export const INCREMENTAL_STREAMS: StreamName[] = ["agents", "agent_timeline", "bans", "chats"];
export const CURSOR: Partial<Record<StreamName, string>> = {
  agents: "id",
  bans: "id",
  agent_timeline: "start_time",
  chats: "update_timestamp",
};

/** What the connector should emit for a stream: the emulator's records as the API returns them. */
export function expectedRecords(emulator: Emulator, stream: StreamName): Array<Record<string, unknown>> {
  const records = [...emulator.records(STREAM_RESOURCES[stream])];
  if (stream === "agent_timeline") return records.map((r) => ({ ...r, id: `${r.agent_id}|${r.start_time}` }));
  return records;
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

export function catalogFor(streams: StreamName[], mode: "full_refresh" | "incremental" = "full_refresh") {
  return {
    streams: streams.map((name) => {
      const incremental = mode === "incremental" && INCREMENTAL_STREAMS.includes(name);
      return {
        stream: {
          name,
          json_schema: {},
          supported_sync_modes: INCREMENTAL_STREAMS.includes(name)
            ? ["full_refresh", "incremental"]
            : ["full_refresh"],
        },
        sync_mode: incremental ? "incremental" : "full_refresh",
        destination_sync_mode: incremental ? "append_dedup" : "overwrite",
      };
    }),
  };
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
  return runCli(args, { ...options, env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ...options.env } });
}

export async function withEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator(options);
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
