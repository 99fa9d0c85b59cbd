/** Public types of the emulator (the contract the connector and its tests rely on). */

export type ResourceName =
  | "account"
  | "agents"
  | "agent_timeline"
  | "bans"
  | "chats"
  | "departments"
  | "goals"
  | "roles"
  | "routing_settings"
  | "shortcuts"
  | "skills"
  | "triggers";

export const RESOURCE_NAMES: readonly ResourceName[] = [
  "account",
  "agents",
  "agent_timeline",
  "bans",
  "chats",
  "departments",
  "goals",
  "roles",
  "routing_settings",
  "shortcuts",
  "skills",
  "triggers",
];

export interface RateLimitSpec {
  requests: number;
  windowMs: number;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface EmulatorOptions {
  /** 0/undefined = random free port. */
  port?: number;
  /** Default 1. */
  seed?: number;
  /** Default 300. */
  chats?: number;
  /** Default 12. */
  agents?: number;
  /** Default 20 (both kinds mixed, ids in one id sequence). */
  bans?: number;
  /** Default 200 agent_timeline entries. */
  timelineEntries?: number;
  /** Default 0: if > 0, that many chats share one update_timestamp second (mid-range). */
  sameSecondChats?: number;
  /** Virtual clock start, ISO; default "2026-06-01T00:00:00Z" (data spans the ~365 days before it). */
  now?: string;
  /** Default "emulator-access-token". */
  accessToken?: string;
  /** Default client "emulator-client", secret "emulator-secret", refresh "emulator-refresh-token". */
  oauth?: OAuthClient;
  /** Default null (off). */
  rateLimit?: RateLimitSpec | null;
  logRequests?: boolean;
  /**
   * Extension: when true, incremental responses carry a `next_page` URL even on the last
   * (short) page, as the real API appears to do. Default false: `next_page` is null at the end.
   */
  nextPageAlways?: boolean;
}

export interface ChangeSpec {
  seconds: number;
  newChats?: number;
  updatedChats?: number;
  newAgents?: number;
  newBans?: number;
  newTimelineEntries?: number;
}

export interface EmulatorStats {
  requests: number;
  byEndpoint: Record<string, number>;
  rateLimited: number;
  faultsInjected: Record<string, number>;
  tokenRefreshes: number;
}

export type FaultKind =
  | "500"
  | "502"
  | "503"
  | "reset"
  | "timeout"
  | "slow"
  | "truncated"
  | "malformed"
  | "401"
  | "403"
  | "404"
  | "empty"
  | "cursor_backwards"
  | "repeat_page"
  | "empty_with_next"
  | "count_mismatch";

export interface FaultSpec {
  kind: FaultKind;
  /** e.g. "chats", "incremental/chats", "agents"; matched against the path after /api/v2/chat/; omit = any. */
  endpoint?: string;
  /** Skip this many matching requests first (default 0). */
  afterRequests?: number;
  /** How many matching requests get the fault (default 1; Infinity = forever; default Infinity when `every` is set). */
  times?: number;
  /** Schedule: fault every Nth matching request instead of consecutive ones. */
  every?: number;
  /** For slow (default 2000) / timeout (default 120000). */
  delayMs?: number;
}

export type JsonRecord = Record<string, unknown>;

export interface Emulator {
  /** e.g. "http://127.0.0.1:PORT/api/v2/chat" (no trailing slash). */
  baseUrl: string;
  /** "http://127.0.0.1:PORT"; OAuth token endpoint is `${origin}/oauth2/token`. */
  origin: string;
  port: number;
  close(): Promise<void>;
  /** Virtual clock (frozen unless advanced). */
  now(): Date;
  /** Moves the clock forward and creates the changes with timestamps spread in (oldNow, newNow]. */
  advance(change: ChangeSpec): void;
  /** Current full API-form records (as returned with fields=*(*)), in API order; chats lazily. */
  records(resource: ResourceName): Iterable<JsonRecord>;
  count(resource: ResourceName): number;
  faults: { add(f: FaultSpec): void; clear(): void };
  setRateLimit(r: RateLimitSpec | null): void;
  /** The current access token returns 401 until a refresh issues a new one. */
  revokeAccessToken(): void;
  currentAccessToken(): string;
  stats(): EmulatorStats;
  resetStats(): void;
}
