/**
 * In-repo emulation of the Zendesk Chat REST API v2 for tests, demos and benchmarks.
 *
 *   const emu = await startEmulator({ seed: 1, chats: 10_000 });
 *   // GET `${emu.baseUrl}/incremental/chats?fields=chats(*)&start_time=0` with
 *   // Authorization: Bearer ${emu.currentAccessToken()}
 *   await emu.close();
 *
 * The same server emulates the Zendesk Support API under `${emu.supportBaseUrl}` (= origin + /api/v2,
 * everything not under /api/v2/chat/): cursor exports of tickets and users, the organizations time
 * export, cursor-paginated lists, ticket_audits, with its own credentials (SUPPORT_DEFAULTS: Basic
 * `{email}/token:{api_token}` via emu.supportBasicAuth(), or Bearer), OAuth at `${origin}/oauth/tokens`
 * and its own rate limits. See emulator/support/.
 */
import { handleAdmin } from "./admin.js";
import { TokenStore } from "./auth.js";
import { Dataset } from "./data/dataset.js";
import { FaultInjector } from "./faults.js";
import { RequestHooks, UnexpectedLog } from "./observers.js";
import { RateLimiter } from "./rate-limit.js";
import { ChangeScheduler } from "./schedule.js";
import { API_PREFIX, EmulatorServer } from "./server.js";
import { StatsCollector } from "./stats.js";
import { SUPPORT_DEFAULTS, SupportAuth } from "./support/auth.js";
import { SupportData } from "./support/data.js";
import {
  type Emulator,
  type EmulatorOptions,
  SUPPORT_RESOURCE_NAMES,
  type SupportResource,
} from "./types.js";

export { SUPPORT_DEFAULTS } from "./support/auth.js";
export type {
  BansPaging,
  ChangeSpec,
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  FaultKind,
  FaultSpec,
  JsonRecord,
  OAuthClient,
  PagingMode,
  RateLimitSpec,
  RequestHook,
  RequestInfo,
  ResourceName,
  SupportResource,
  TimelineBoundary,
  UnexpectedRequest,
} from "./types.js";
export { RESOURCE_NAMES, RESOURCE_OF_STREAM, SUPPORT_RESOURCE_NAMES } from "./types.js";

export const DEFAULT_OPTIONS = {
  seed: 1,
  chats: 300,
  agents: 12,
  bans: 20,
  timelineEntries: 200,
  exportEvents: 150,
  sameSecondChats: 0,
  now: "2026-06-01T00:00:00Z",
  paging: "real",
  timelineBoundary: "inclusive",
  accessToken: "emulator-access-token",
  oauth: {
    clientId: "emulator-client",
    clientSecret: "emulator-secret",
    refreshToken: "emulator-refresh-token",
  },
  support: { tickets: 200, users: 60, organizations: 25 },
} as const;

const isSupport = (r: string): r is SupportResource =>
  (SUPPORT_RESOURCE_NAMES as readonly string[]).includes(r);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const data = new Dataset({
    seed: options.seed ?? DEFAULT_OPTIONS.seed,
    chats: options.chats ?? DEFAULT_OPTIONS.chats,
    agents: options.agents ?? DEFAULT_OPTIONS.agents,
    bans: options.bans ?? DEFAULT_OPTIONS.bans,
    timelineEntries: options.timelineEntries ?? DEFAULT_OPTIONS.timelineEntries,
    sameSecondChats: options.sameSecondChats ?? DEFAULT_OPTIONS.sameSecondChats,
    exportEvents: options.exportEvents ?? DEFAULT_OPTIONS.exportEvents,
    now: options.now ?? DEFAULT_OPTIONS.now,
  });
  const tokens = new TokenStore(
    options.accessToken ?? DEFAULT_OPTIONS.accessToken,
    options.oauth ?? DEFAULT_OPTIONS.oauth,
  );
  const faults = new FaultInjector();
  const limiter = new RateLimiter(options.rateLimit ?? null);
  const stats = new StatsCollector();
  const unexpected = new UnexpectedLog();
  const hooks = new RequestHooks();
  const paging = {
    mode: options.paging ?? DEFAULT_OPTIONS.paging,
    timelineBoundary: options.timelineBoundary ?? DEFAULT_OPTIONS.timelineBoundary,
    nextPageAlways: options.nextPageAlways ?? false,
    opaqueCursor: options.exportCursor === "opaque",
    bans: options.bansPaging ?? "per_list",
  };
  let origin = "";
  const supportBase = () => `${origin}/api/v2`;
  const supportData = new SupportData({
    seed: options.seed ?? DEFAULT_OPTIONS.seed,
    sizes: {
      tickets: options.support?.tickets ?? DEFAULT_OPTIONS.support.tickets,
      users: options.support?.users ?? DEFAULT_OPTIONS.support.users,
      organizations: options.support?.organizations ?? DEFAULT_OPTIONS.support.organizations,
    },
    nowMs: () => data.clock.nowMs(),
    fromSec: data.clock.nowSec() - 365 * 86_400,
    toSec: data.clock.nowSec() - 3600,
    baseUrl: supportBase,
    // Every chat's zendesk_ticket_id gets a ticket, created when the chat ended (as Zendesk makes
    // it): render the chats once. Chats started in one second end over the next minutes.
    initialChats: data.chats.total(),
    chatLinks: (first, upTo) => {
      const end = Math.min(upTo ?? data.chats.total(), data.chats.total());
      const links = [];
      for (let i = first; i < end; i++) {
        const ref = data.chats.ref(i);
        const record = data.chatRecord(ref);
        const ticketId = record.zendesk_ticket_id;
        const ended = Date.parse(String((record.session as { end_date?: unknown } | undefined)?.end_date));
        const sec = Number.isFinite(ended) ? Math.floor(ended / 1000) : ref.anchorSec;
        if (typeof ticketId === "number") links.push({ ticketId, sec });
      }
      return { links, end };
    },
  });
  supportData.conversationLogAccess = options.supportConversationLog ?? true;
  const supportAuth = new SupportAuth(
    { ...SUPPORT_DEFAULTS, ...options.supportAuth },
    options.supportRole ?? "admin",
  );
  const supportLimiter = new RateLimiter(options.supportRateLimit ?? null);
  const exportLimitFor = (
    account: EmulatorOptions["supportRateLimit"],
    explicit: EmulatorOptions["supportExportRateLimit"],
  ) => (explicit !== undefined ? explicit : account ? { requests: 10, windowMs: 60_000 } : null);
  const supportExportLimiter = new RateLimiter(
    exportLimitFor(options.supportRateLimit, options.supportExportRateLimit),
  );
  // Every data change goes through one of these, so a cache of served bodies (cacheBodies) is
  // emptied whenever what it was made from changes.
  const advance = (change: Parameters<Dataset["advance"]>[0]) => {
    const oldSec = data.clock.nowSec();
    data.advance(change);
    supportData.advance(change, oldSec, data.clock.nowSec());
    server.invalidateCache();
  };
  const scheduler = new ChangeScheduler((hook) => hooks.add(hook), advance);

  const server = new EmulatorServer({
    data,
    tokens,
    faults,
    limiter,
    stats,
    logRequests: options.logRequests ?? false,
    cacheBodies: options.cacheBodies ?? false,
    bodyStyle: options.bodyStyle ?? "compact",
    paging,
    unexpected,
    hooks,
    support: {
      data: supportData,
      auth: supportAuth,
      limiter: supportLimiter,
      exportLimiter: supportExportLimiter,
      shortPages: options.supportShortPages ?? true,
      chatCounts: options.chatCountsAgainstSupport ?? true,
      baseUrl: supportBase,
    },
    baseUrl: () => `${origin}${API_PREFIX.replace(/\/$/, "")}`,
    admin: (method, path, body) =>
      handleAdmin(
        { emu: emulator, scheduler, unexpectedDropped: () => unexpected.dropped() },
        method,
        path,
        body,
      ),
  });
  const port = await server.listen(options.port ?? 0);
  origin = `http://127.0.0.1:${port}`;

  const emulator: Emulator = {
    baseUrl: `${origin}${API_PREFIX.replace(/\/$/, "")}`,
    supportBaseUrl: supportBase(),
    origin,
    port,
    close: () => server.close(),
    now: () => data.clock.now(),
    advance,
    updateNewestChatInPlace: () => {
      const id = data.updateNewestChatInPlace();
      server.invalidateCache();
      return id;
    },
    records: (resource) => (isSupport(resource) ? supportData.records(resource) : data.records(resource)),
    count: (resource) => (isSupport(resource) ? supportData.count(resource) : data.count(resource)),
    supportCredentials: () => {
      const c = { ...SUPPORT_DEFAULTS, ...options.supportAuth };
      return {
        email: c.email,
        apiToken: c.apiToken,
        accessToken: supportAuth.current(),
        refreshToken: supportAuth.currentRefreshToken(),
        clientId: c.clientId,
        clientSecret: c.clientSecret,
      };
    },
    supportBasicAuth: () => {
      const c = { ...SUPPORT_DEFAULTS, ...options.supportAuth };
      return `Basic ${Buffer.from(`${c.email}/token:${c.apiToken}`, "utf8").toString("base64")}`;
    },
    setSupportRateLimit: (account, exports) => {
      supportLimiter.set(account);
      supportExportLimiter.set(exportLimitFor(account, exports));
    },
    revokeSupportAccessToken: () => supportAuth.revoke(),
    setSupportConversationLogAccess: (on) => {
      supportData.conversationLogAccess = on;
    },
    faults: { add: (f) => faults.add(f), clear: () => faults.clear() },
    setRateLimit: (r) => limiter.set(r),
    revokeAccessToken: () => tokens.revoke(),
    currentAccessToken: () => tokens.current(),
    stats: () => stats.snapshot(),
    resetStats: () => {
      stats.reset();
      unexpected.clear();
    },
    paging: paging.mode,
    timelineBoundary: paging.timelineBoundary,
    unexpectedRequests: () => unexpected.list(),
    onRequest: (hook) => hooks.add(hook),
  };
  return emulator;
}
