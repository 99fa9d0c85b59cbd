import { CHAT_LISTS, type ChatListName } from "./data/lists/index.js";
import { SUPPORT_LISTS, type SupportListName } from "./support/lists/index.js";
/** Public types of the emulator (the contract the connector and its tests rely on). */

export type BodyStyle = "compact" | "pretty" | "escaped";

/** Chat API resources (records()/count() names): the exports and stores below, and the registered lists. */
export type ResourceName = CoreResource | ChatListName;

type CoreResource =
  | "account"
  | "agents"
  | "agent_timeline"
  | "bans"
  | "chats"
  | "conversions"
  | "department_events"
  | "agent_events";

export const RESOURCE_NAMES: readonly ResourceName[] = [
  "account",
  "agents",
  "agent_timeline",
  "bans",
  "chats",
  ...CHAT_LISTS.map((list) => list.name),
  "conversions",
  "department_events",
  "agent_events",
];

/** Support API resources (records()/count() names); see emulator/support/ and its registered lists. */
export type SupportResource = CoreSupportResource | SupportListName;

type CoreSupportResource =
  | "tickets"
  | "users"
  | "organizations"
  | "ticket_audits"
  | "ticket_metrics"
  | "ticket_fields"
  | "groups"
  | "group_memberships"
  | "macros"
  | "tags"
  | "ticket_comments"
  | "ticket_metric_events"
  | "ticket_conversation_log";

export const SUPPORT_RESOURCE_NAMES: readonly SupportResource[] = [
  ...SUPPORT_LISTS.map((list) => list.name),
  "tickets",
  "users",
  "organizations",
  "ticket_audits",
  "ticket_metrics",
  "ticket_fields",
  "groups",
  "group_memberships",
  "macros",
  "tags",
  "ticket_comments",
  "ticket_metric_events",
  "ticket_conversation_log",
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
  /** Default 150: items of each of the exports conversions, department_events and agent_events. */
  exportEvents?: number;
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
   * Export paging (incremental/chats and incremental/agent_timeline). Default "real", as the live
   * API pages: `next_page` on every page (the empty last one included), chats pages that are
   * sometimes shorter than `limit` while more data remains, agent_timeline pages of at most 200
   * with an epoch-µs `end_time`, no `end_id` and a `next_page` that carries only `start_time`.
   * "ideal" is the old textbook paging (full pages, `next_page` null on the last one, `end_id`
   * on both exports) and is meant for unit-level tests only.
   */
  paging?: PagingMode;
  /**
   * agent_timeline in "real" paging, where the cursor has no id part: is `start_time` inclusive?
   * Zendesk does not say. Default "inclusive" (the harsher case: the entry at exactly
   * `start_time` comes again at the top of the next page, and the export's last page holds only
   * that entry, with a `next_page` equal to the request). "exclusive": strictly after `start_time`.
   */
  timelineBoundary?: TimelineBoundary;
  /**
   * How export next_page URLs carry their cursor: "params" (default, start_time/start_id as the
   * live API does today) or "opaque" (`?cursor=<token>`, nothing readable; a client must follow the
   * URL as given). The docs promise neither, so connector tests read both.
   */
  exportCursor?: "params" | "opaque";
  /**
   * How `GET bans` applies `since_id` and `limit` to its two lists (`ip_address`, `visitor`);
   * Zendesk does not say. "per_list" (default, the harsher reading): each list is cut apart — up
   * to `limit` ip-address bans and up to `limit` visitor bans with id >= since_id, so a client that
   * pages on from the highest id of either list skips the other list's ids below it. "together":
   * one id sequence, the first `limit` bans with id >= since_id, split by kind.
   */
  bansPaging?: BansPaging;
  /**
   * Bench mode (default false): keep every 200 body served without a fault, serialised, keyed by
   * endpoint + normalised query, and answer the same request again from that cache (headers, auth,
   * rate limit, faults and stats are still applied per request). Any data change (advance, in-place
   * update, a scheduled change) empties it. Meant for benchmarks, so that generating and
   * serialising records is not what limits a client's throughput; `POST /_emulator/cache/warm`
   * fills it ahead of a measured run, `GET /_emulator/cache` reports hits, misses and bytes.
   */
  cacheBodies?: boolean;
  /**
   * How JSON bodies are written: `compact` (default, JSON.stringify), `pretty` (indented, a line
   * break between every token, as some proxies and debug modes answer) or `escaped` (every
   * non-ASCII character and `/` written as an escape, as many JSON encoders do). The same values
   * either way; a client must read all three alike.
   */
  bodyStyle?: BodyStyle;
  /**
   * Support data sizes (defaults: tickets 200, users 60, organizations 25). Tickets are at least one
   * per distinct chat `zendesk_ticket_id`; the rest are tickets without a chat.
   */
  support?: { tickets?: number; users?: number; organizations?: number };
  /**
   * Support cursor exports: default true (the harsh pages: about one in four shorter than per_page
   * and one in ten mid-stream pages empty, with end_of_stream false). false: full pages.
   */
  supportShortPages?: boolean;
  /** Account-wide Support budget (requests per window); default null (off), like rateLimit. */
  supportRateLimit?: RateLimitSpec | null;
  /**
   * The exports' own budget (incremental/*). Default: 10 per 60 s when supportRateLimit is set,
   * else off; null = off.
   */
  supportExportRateLimit?: RateLimitSpec | null;
  /**
   * Whether Chat API requests also take a slot of the Support account budget (supportRateLimit).
   * Zendesk lists Chat's own 200/min apart and does not say; default true, the harsher reading
   * (one shared account counter). Without supportRateLimit it changes nothing.
   */
  chatCountsAgainstSupport?: boolean;
  /** Support credentials; defaults in SUPPORT_DEFAULTS. */
  supportAuth?: {
    email?: string;
    apiToken?: string;
    accessToken?: string;
    clientId?: string;
    clientSecret?: string;
    refreshToken?: string;
  };
  /** Whose credentials they are: "admin" (default) or "agent" (403 on the admin-only endpoints). */
  supportRole?: "admin" | "agent";
  /**
   * Whether the account is in the Conversation Log's Early Access program (default true); false:
   * every tickets/{id}/conversation_log request is a 403.
   */
  supportConversationLog?: boolean;
  /**
   * @deprecated Only meaningful with `paging: "ideal"`, where it adds `next_page` to the last page
   * too. "real" paging always sends `next_page`.
   */
  nextPageAlways?: boolean;
}

export type PagingMode = "real" | "ideal";
export type BansPaging = "per_list" | "together";
export type TimelineBoundary = "inclusive" | "exclusive";

/** An API request a correct client should not send (see Emulator.unexpectedRequests). */
export interface UnexpectedRequest {
  method: string;
  /** The URL path as sent, e.g. "/api/v2/chat/incremental/chats". */
  path: string;
  /** The raw query string as sent, without "?". */
  query: string;
  reason: string;
}

export interface RequestInfo {
  /**
   * The path after /api/v2/chat/, e.g. "incremental/chats", or for the Support API "support/" + the
   * path after /api/v2/ without ".json", e.g. "support/incremental/tickets/cursor" (stats use the
   * same names).
   */
  endpoint: string;
  /** 1-based count of requests to this endpoint since start or the last resetStats(). */
  n: number;
  /** A copy of the request's query: changing it does not change the request. */
  query: URLSearchParams;
  /** The request's URL path (e.g. "/api/v2/tickets/12/conversation_log"): which record it asked about. */
  path: string;
}

export type RequestHook = (info: RequestInfo) => void;

export interface ChangeSpec {
  seconds: number;
  newChats?: number;
  updatedChats?: number;
  newAgents?: number;
  newBans?: number;
  newTimelineEntries?: number;
  /** New items in each of conversions, department_events and agent_events. */
  newExportEvents?: number;
  /** Support: new tickets (status new, created in the interval). */
  newTickets?: number;
  /** Support: tickets updated (one more audit, a tag, newer updated_at and generated_timestamp). */
  updatedTickets?: number;
  /** Support: tickets deleted (status "deleted", newer generated_timestamp; gone from audits, metrics, tags). */
  deletedTickets?: number;
  newUsers?: number;
  updatedUsers?: number;
  /** Support: users deleted (active: false, updated_at bumped; still in the export). */
  deletedUsers?: number;
  newOrganizations?: number;
  updatedOrganizations?: number;
  /** Support: organizations deleted (deleted_at set, updated_at bumped; still in the export). */
  deletedOrganizations?: number;
  /** Support: groups deleted (deleted: true, updated_at bumped; still in the list). */
  deletedGroups?: number;
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
  | "count_mismatch"
  /**
   * A page with no way on, its records kept. Chat exports: `next_page: null` and no `end_time` /
   * `end_id` (the shape of Airbyte's own agent_timeline fixture). Support: the cursor export's
   * `after_url`/`after_cursor` null (end_of_stream untouched), the time export's `next_page` null
   * and no `end_time`, a list's `links.next` and `meta.after_cursor` null (has_more untouched).
   */
  | "no_next_page"
  /** Chat exports: the keys `next_page`, `end_time` and `end_id` left out of the page altogether. */
  | "next_page_absent"
  /**
   * Chat exports: no `end_time`/`end_id`, and a `next_page` the client cannot use (on the legacy
   * www.zopim.com host).
   */
  | "end_time_absent"
  /** 429 with Retry-After in seconds: `delayMs` rounded up (default 1 s). */
  | "429"
  /** Support's ticket export: the page leaves out the side-load asked for with `include`. */
  | "no_sideload";

export interface FaultSpec {
  kind: FaultKind;
  /**
   * e.g. "chats", "incremental/chats", "agents"; matched against the path after /api/v2/chat/; omit =
   * any API path (Chat and Support). "oauth2/token" targets the OAuth token endpoint (only when named
   * explicitly). Support endpoints are named "support/" + the path after /api/v2/ without ".json":
   * "support/incremental/tickets/cursor", "support/incremental/users/cursor",
   * "support/incremental/organizations", "support/groups", "support/group_memberships",
   * "support/macros", "support/ticket_fields", "support/ticket_metrics", "support/tags",
   * "support/ticket_audits", "support/users/me", "support/tickets/{id}/metrics" (literally "{id}"); "support/oauth/tokens" targets Support's OAuth token
   * endpoint (only when named explicitly). A pattern also matches by suffix ("groups" matches
   * "support/groups") and prefix ("support/incremental" matches all three exports).
   */
  endpoint?: string;
  /** Skip this many matching requests first (default 0). */
  afterRequests?: number;
  /** How many matching requests get the fault (default 1; Infinity = forever; default Infinity when `every` is set). */
  times?: number;
  /** Schedule: fault every Nth matching request instead of consecutive ones. */
  every?: number;
  /** For slow (default 2000) / timeout (default 120000) / 429 (its Retry-After, default 1000). */
  delayMs?: number;
}

export type JsonRecord = Record<string, unknown>;

export interface Emulator {
  /** e.g. "http://127.0.0.1:PORT/api/v2/chat" (no trailing slash). */
  baseUrl: string;
  /** The Support API: "http://127.0.0.1:PORT/api/v2" (no trailing slash). */
  supportBaseUrl: string;
  /** "http://127.0.0.1:PORT"; OAuth token endpoints: Chat `${origin}/oauth2/token`, Support `${origin}/oauth/tokens`. */
  origin: string;
  port: number;
  close(): Promise<void>;
  /** Virtual clock (frozen unless advanced). */
  now(): Date;
  /**
   * Updates the newest chat again within the same second (content changes, update_timestamp does
   * not: the API's cursor has whole seconds). Returns the chat's id.
   */
  updateNewestChatInPlace(): string;
  /** Moves the clock forward and creates the changes with timestamps spread in (oldNow, newNow]. */
  advance(change: ChangeSpec): void;
  /** Current full API-form records (as returned with fields=*(*)), in API order; chats lazily. */
  records(resource: ResourceName | SupportResource): Iterable<JsonRecord>;
  count(resource: ResourceName | SupportResource): number;
  /** Support credentials now valid: email, API token, latest access and refresh tokens, OAuth client. */
  supportCredentials(): {
    email: string;
    apiToken: string;
    accessToken: string;
    refreshToken: string;
    clientId: string;
    clientSecret: string;
  };
  /** `Basic base64("{email}/token:{api_token}")`, ready for an Authorization header. */
  supportBasicAuth(): string;
  /** Support budgets at runtime: the account's, and (when given) the exports' own. */
  setSupportRateLimit(account: RateLimitSpec | null, exports?: RateLimitSpec | null): void;
  /** Revokes the Support access tokens (configured and refreshed); API-token auth stays valid. */
  revokeSupportAccessToken(): void;
  /** Puts the account in (true) or out of (false: 403s) the Conversation Log's Early Access program. */
  setSupportConversationLogAccess(on: boolean): void;
  faults: { add(f: FaultSpec): void; clear(): void };
  setRateLimit(r: RateLimitSpec | null): void;
  /**
   * Revokes every access token valid now (the configured static one and the latest refreshed
   * one): both answer 401 from now on. A refresh issues a new, valid token.
   */
  revokeAccessToken(): void;
  /** The latest refreshed OAuth access token, or the configured static one before any refresh. */
  currentAccessToken(): string;
  stats(): EmulatorStats;
  /** Clears stats(), unexpectedRequests() and the per-endpoint request counts of onRequest. */
  resetStats(): void;
  /** The paging mode and agent_timeline boundary this emulator was started with. */
  readonly paging: PagingMode;
  readonly timelineBoundary: TimelineBoundary;
  /**
   * API requests a correct client should not send, oldest first (at most 1000 kept): every 400
   * (unknown path or parameter, wrong time unit, non-integer value, start_time less than five
   * minutes old, ...), 404s outside /api/v2/chat/, 405s, and export requests served without a
   * `fields=<resource>(...)` expansion. Support requests likewise: every 400 (unknown or repeated
   * parameter, foreign or backwards cursor, too recent start_time, offset paging past page 100,
   * mixed cursor/offset paging), 404s for paths under /api/v2/ that are not emulated, 405s, and
   * token requests with a grant type other than refresh_token.
   */
  unexpectedRequests(): UnexpectedRequest[];
  /**
   * Calls `hook` synchronously before each request under /api/v2/chat/ (endpoint e.g.
   * "incremental/chats") or a known Support endpoint (endpoint "support/...", as in FaultSpec) is routed (before rate
   * limiting, faults and auth), so a test can change data while a paged read is in progress,
   * e.g. `advance()` when `n === 3` (after the 2nd request). Returns an unsubscribe function.
   */
  onRequest(hook: RequestHook): () => void;
}

/** Connector streams whose emulator resource has another name (a child stream reads its parent's). */
export const RESOURCE_OF_STREAM: Readonly<Record<string, ResourceName>> = { accounts: "account" };
