/**
 * The two emulated APIs as the one request pipeline (server.ts) sees them: where each lives, its
 * token endpoint, its rate limits and their 429s, its credentials check and its router. Everything
 * else (stats, hooks, faults, repeat_page, the transport faults, the body cache) is the pipeline's.
 */
import type { TokenStore } from "./auth.js";
import type { Dataset } from "./data/dataset.js";
import type { IncrementalFault } from "./endpoints/incremental.js";
import { INCREMENTAL_ENDPOINTS, type PagingConfig, route } from "./endpoints/router.js";
import { type ApiResponse, notFound, ok, tooManyRequests } from "./errors.js";
import type { RateLimiter } from "./rate-limit.js";
import type { SupportAuth } from "./support/auth.js";
import type { SupportData } from "./support/data.js";
import {
  routeSupport,
  SUPPORT_EXPORTS,
  type SupportFault,
  supportEndpointName,
  supportNotFound,
} from "./support/endpoints.js";

export const API_PREFIX = "/api/v2/chat/";
export const TOKEN_PATH = "/oauth2/token";
/** The Support API: everything under /api/v2/ that is not under /api/v2/chat/. */
export const SUPPORT_PREFIX = "/api/v2/";
export const SUPPORT_TOKEN_PATH = "/oauth/tokens";

/** A rate limit's verdict: the 429 to send (body bytes too when not JSON), or the headers to add. */
export type RateVerdict =
  | { denied: ApiResponse; raw?: string; headers?: Record<string, string> }
  | { denied?: undefined; headers: Record<string, string> };

export interface ApiDescriptor {
  /** Says which API an unexpected request was meant for ("the Chat API endpoints"). */
  readonly label: string;
  readonly token: {
    readonly path: string;
    /** The name stats and faults know it by. */
    readonly name: string;
    grant(params: URLSearchParams, authorization: string | undefined): ApiResponse;
  };
  /** The endpoint a request path names, or null when it is not one of this API's. */
  endpointOf(path: string): string | null;
  /** The name stats, hooks, faults and repeat_page know an endpoint by. */
  nameOf(endpoint: string): string;
  isExport(endpoint: string): boolean;
  /** Takes this request's slots of the API's budgets. */
  rateLimit(endpoint: string): RateVerdict;
  /** Answered to anyone, whatever the method or credentials (Support's users/me): its response. */
  open?(endpoint: string, authorization: string | undefined): ApiResponse | undefined;
  /** null when the credentials may read the endpoint, else the 401/403. */
  authorize(endpoint: string, authorization: string | undefined): ApiResponse | null;
  /** Served from the bench body cache (EmulatorOptions.cacheBodies). */
  readonly cacheable: boolean;
  route(endpoint: string, url: URL, fault: string | undefined): ApiResponse;
}

/** The Support part (emulator/support/): data, auth and its two rate limits. */
export interface SupportDeps {
  data: SupportData;
  auth: SupportAuth;
  /** The account-wide budget. */
  limiter: RateLimiter;
  /** The exports' own budget (incremental/*). */
  exportLimiter: RateLimiter;
  shortPages: boolean;
  /** Chat requests also take a slot of the Support account budget (EmulatorOptions.chatCountsAgainstSupport). */
  chatCounts: boolean;
  baseUrl(): string;
}

export interface ChatDeps {
  data: Dataset;
  tokens: TokenStore;
  limiter: RateLimiter;
  paging: PagingConfig;
  support: SupportDeps;
  baseUrl(): string;
}

/** The limiter's slot: a 429 from `denied`, or its X-Rate-Limit headers (none when it is off). */
function take(
  limiter: RateLimiter,
  denied: (retryAfterSec: number) => { r: ApiResponse; raw?: string },
): RateVerdict {
  const rate = limiter.take();
  if (rate && !rate.allowed) {
    const { r, raw } = denied(rate.retryAfterSec);
    return { denied: r, raw };
  }
  return {
    headers: rate
      ? { "X-Rate-Limit": String(limiter.limit()), "X-Rate-Limit-Remaining": String(rate.remaining) }
      : {},
  };
}

const chatTooMany = (sec: number) => ({ r: tooManyRequests(sec) });

export function chatApi(deps: ChatDeps): ApiDescriptor {
  return {
    label: "the Chat API endpoints",
    token: {
      path: TOKEN_PATH,
      name: "oauth2/token",
      grant: (params, authorization) => deps.tokens.grant(params, authorization),
    },
    endpointOf: (path) =>
      path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length).replace(/\/+$/, "") : null,
    nameOf: (endpoint) => endpoint,
    isExport: (endpoint) => INCREMENTAL_ENDPOINTS.has(endpoint),
    rateLimit() {
      const own = take(deps.limiter, chatTooMany);
      if (own.denied) return own;
      // The Chat API's headers only: a slot of Support's account budget is taken, not reported.
      const shared = deps.support.chatCounts ? take(deps.support.limiter, chatTooMany) : null;
      return shared?.denied ? shared : own;
    },
    authorize: (_endpoint, authorization) => deps.tokens.check(authorization),
    cacheable: true,
    route: (endpoint, url, fault) =>
      route(deps.data, endpoint, url.searchParams, {
        baseUrl: deps.baseUrl(),
        paging: deps.paging,
        fault: fault as IncrementalFault | undefined,
      }),
  };
}

export function supportApi(support: SupportDeps): ApiDescriptor {
  return {
    label: "the emulated Support endpoints",
    token: {
      path: SUPPORT_TOKEN_PATH,
      name: "support/oauth/tokens",
      grant: (params) => support.auth.grant(params),
    },
    endpointOf: (path) =>
      path.startsWith(SUPPORT_PREFIX) && !path.startsWith(API_PREFIX)
        ? supportEndpointName(path.slice(SUPPORT_PREFIX.length))
        : null,
    nameOf: (endpoint) => `support/${endpoint}`,
    isExport: (endpoint) => SUPPORT_EXPORTS.has(endpoint),
    rateLimit(endpoint) {
      const account = take(support.limiter, (sec) => supportTooManyRequests(sec, false));
      if (account.denied || !SUPPORT_EXPORTS.has(endpoint)) return account;
      const exports = take(support.exportLimiter, (sec) => supportTooManyRequests(sec, true));
      // An export's 429 carries the account budget's headers.
      return exports.denied ? { denied: exports.denied, headers: account.headers } : account;
    },
    open(endpoint, authorization) {
      if (endpoint !== "users/me") return undefined;
      // "Allowed For: Anonymous users": bad credentials get an anonymous user, not a 401.
      const who = support.auth.authenticate(authorization);
      return ok({ user: who.ok ? support.data.me(support.auth.role) : ANONYMOUS_USER });
    },
    authorize: (endpoint, authorization) => support.auth.check(authorization, endpoint),
    cacheable: false,
    route: (endpoint, url, fault) =>
      routeSupport(support.data, endpoint, url.searchParams, {
        baseUrl: support.baseUrl(),
        shortPages: support.shortPages,
        path: url.pathname.slice(SUPPORT_PREFIX.length),
        fault: fault as SupportFault | undefined,
      }),
  };
}

/** A path neither API serves: Support's 404 under /api/v2/, else the Chat API's. */
export function unknownPath(path: string): ApiResponse {
  return path.startsWith(SUPPORT_PREFIX) ? supportNotFound() : notFound();
}

/**
 * Support's 429s (Retry-After in seconds): the account budget's body is plain text, the exports'
 * is JSON (notes §3: Airbyte #11035 failed to parse the former; #11899 logged the latter).
 */
function supportTooManyRequests(retryAfterSec: number, exports: boolean): { r: ApiResponse; raw?: string } {
  const headers = { "Retry-After": String(retryAfterSec) };
  if (exports)
    return {
      r: {
        status: 429,
        body: {
          error: "APIRateLimitExceeded",
          description: "Number of allowed incremental export API requests per minute exceeded",
        },
        headers,
      },
    };
  return {
    r: { status: 429, body: null, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } },
    raw: "Number of allowed API requests per minute exceeded",
  };
}

/** What users/me answers to bad or missing credentials. */
const ANONYMOUS_USER = {
  email: "invalid@example.com",
  id: null,
  locale: "en-US",
  name: "Anonymous user",
  role: "end-user",
  url: null,
};
