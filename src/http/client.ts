import { Agent, request, errors as undiciErrors } from "undici";
import { ConfigError, type ConnectorError, SystemError, TransientError } from "../protocol/errors.js";
import type { FailureType, LogLevel } from "../protocol/messages.js";
import type { Authenticator } from "./auth.js";
import { readBody, releaseBody } from "./body.js";
import { excerpt, HttpError, safePath } from "./http-error.js";
import { type RecordSlices, type RecordsAt, splitRecords } from "./json-records.js";
import { jsonText, utf8Text } from "./json-text.js";
import { AdaptiveRateLimiter } from "./rate-limiter.js";
import { backoffDelay, parseRetryAfter, sleep } from "./retry-timing.js";

export interface HttpClientOptions {
  baseUrl: string;
  authenticator: Authenticator;
  requestsPerMinute: number;
  /**
   * Endpoints with a budget of their own on top of `requestsPerMinute` (Zendesk Support's
   * incremental exports: 10 requests a minute): requests under `pathPrefix` (relative to the base
   * URL) wait for both.
   */
  endpointBudgets?: ReadonlyArray<{ pathPrefix: string; requestsPerMinute: number }>;
  /**
   * Another client's account budget these requests also count against (Zendesk Chat's requests
   * may draw on the Support budget of the same account): every request waits for it too.
   */
  sharedBudget?: HttpClient;
  /** Attempts for 5xx, network errors and unreadable bodies (the first try included). */
  maxAttempts?: number;
  /** 429 answers waited out before giving up. */
  maxRateLimitWaits?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  timeoutMs?: number;
  userAgent: string;
  /** The API as messages name it, e.g. "Zendesk Chat". */
  apiName: string;
  /** The message when the API's host does not resolve (a wrong address more often than DNS trouble). */
  describeUnknownHost: (hostname: string) => string;
  /** Turns a final HTTP failure into a message a user can act on. */
  describeError: (
    status: number,
    path: string,
    bodyExcerpt: string,
  ) => { message: string; failureType: FailureType };
  log: (level: LogLevel, message: string) => void;
  /** Log every request and its answer at DEBUG level. */
  debug?: boolean;
}

export interface RequestHooks {
  /** Told when requests are held back by a 429, with the epoch ms at which they resume. */
  onRateLimited?: (resumeAtMs: number) => void;
  /** Where the records lie: a body that splits there is answered as `envelope` + `records`. */
  splitRecordsAt?: RecordsAt;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  url: URL;
  /** Server clock from the Date header, in epoch ms. */
  serverDate: number | undefined;
  /**
   * With `splitRecordsAt`, when the body split there: its records, parsed one at a time; `body` is
   * then the body with an empty array in their place.
   */
  records?: RecordSlices;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
  tokenRefreshes: number;
}

/** Retry decision for one attempt; `undefined` means success. */
type Outcome =
  | { kind: "ok"; response: JsonResponse }
  | { kind: "retry"; reason: string; waitMs?: number; rateLimited?: boolean }
  | { kind: "unauthorized"; error: HttpError; authorization: string }
  | { kind: "fail"; error: ConnectorError };

/**
 * The one HTTP client of a sync: keep-alive connections, a shared rate limiter, retries with
 * exponential backoff and full jitter on 429/5xx/network errors/unreadable bodies, Retry-After
 * honoured, one token refresh on 401. Classification (what an answer means) is kept in `classify`,
 * apart from the retry policy in `getJson`.
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, tokenRefreshes: 0 };
  private readonly base: URL;
  private readonly agent: Agent;
  /** The account budget (readable by a client that shares it: `sharedBudget`). */
  readonly limiter: AdaptiveRateLimiter;
  private readonly endpointLimiters: Array<{ path: string; limiter: AdaptiveRateLimiter }>;
  private readonly maxAttempts: number;
  private readonly maxRateLimitWaits: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly timeoutMs: number;
  private lastServerDate: { server: number; local: number } | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 30;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffCapMs = options.backoffCapMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: { timeout: Math.min(this.timeoutMs, 30_000) },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.limiter = new AdaptiveRateLimiter(options.requestsPerMinute);
    this.endpointLimiters = (options.endpointBudgets ?? []).map((budget) => ({
      path: new URL(budget.pathPrefix.replace(/^\//, ""), this.base).pathname,
      limiter: new AdaptiveRateLimiter(budget.requestsPerMinute),
    }));
  }

  /** The endpoint budget a request also waits for, if its path has one. */
  private endpointLimiter(url: URL): AdaptiveRateLimiter | undefined {
    return this.endpointLimiters.find((entry) => url.pathname.startsWith(entry.path))?.limiter;
  }

  /** The server's current time, estimated from the last Date header; undefined before any answer. */
  serverNow(): number | undefined {
    if (!this.lastServerDate) return undefined;
    return this.lastServerDate.server + (Date.now() - this.lastServerDate.local);
  }

  /** Resolves a path relative to the API base, or checks that an absolute URL (a next_page) stays on it. */
  resolve(target: string, query?: Record<string, string | number | undefined>): URL {
    const url = /^https?:\/\//i.test(target)
      ? new URL(target)
      : new URL(target.replace(/^\//, ""), this.base);
    if (url.origin !== this.base.origin) {
      throw new SystemError(
        `Refusing to follow a URL outside the API (${url.origin}); expected ${this.base.origin}.`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** True when an absolute URL (e.g. a `next_page`) points into this API: same origin, under its base path. */
  isApiUrl(target: string): boolean {
    try {
      const url = new URL(target);
      return url.origin === this.base.origin && url.pathname.startsWith(this.base.pathname);
    } catch {
      return false;
    }
  }

  async getJson(url: URL, hooks: RequestHooks = {}): Promise<JsonResponse> {
    let attempt = 0;
    let rateLimitWaits = 0;
    let refreshed = false;
    const endpoint = this.endpointLimiter(url);
    const shared = this.options.sharedBudget?.limiter;
    // Our own budget first, the shared one inside: while our API pauses on a 429, its waiting
    // requests hold none of the other API's slots (and the order is always the same: no cycle).
    const split = hooks.splitRecordsAt;
    const once = shared
      ? () => shared.schedule(() => this.attempt(url, split))
      : () => this.attempt(url, split);
    const send = () => this.limiter.schedule(once);
    for (;;) {
      const outcome = await (endpoint ? endpoint.schedule(send) : send());
      if (outcome.kind === "ok") {
        this.limiter.recordSuccess();
        endpoint?.recordSuccess();
        shared?.recordSuccess();
        return outcome.response;
      }
      if (outcome.kind === "fail") throw outcome.error;
      if (outcome.kind === "unauthorized") {
        // Another request already renewed the token after this one was sent: just use the new one.
        // (Refreshing again would rotate the token under the requests that just got it.)
        if (outcome.authorization !== this.options.authenticator.authorizationHeader()) continue;
        if (refreshed || !this.options.authenticator.canRefresh()) throw outcome.error;
        refreshed = true;
        this.options.log(
          "INFO",
          `Access token rejected on ${safePath(url)}; refreshing it with the refresh token.`,
        );
        await this.options.authenticator.refresh();
        this.stats.tokenRefreshes += 1;
        continue;
      }
      // retry
      if (outcome.rateLimited) {
        this.stats.rateLimited += 1;
        rateLimitWaits += 1;
        if (rateLimitWaits > this.maxRateLimitWaits) {
          throw new TransientError(
            `${this.options.apiName} kept answering 429 Too Many Requests (${rateLimitWaits} times in a row on ${safePath(url)}); the API budget is used up by other clients. Try again later or lower requests_per_minute.`,
          );
        }
        const waitMs = outcome.waitMs ?? backoffDelay(rateLimitWaits, this.backoffBaseMs, this.backoffCapMs);
        // An endpoint with its own budget most likely ran out of that one: slow it, not the account.
        const limited = endpoint ?? this.limiter;
        limited.recordRateLimited(waitMs);
        hooks.onRateLimited?.(Date.now() + waitMs);
        this.options.log(
          "WARN",
          `Rate limited (429) on ${safePath(url)}; waiting ${Math.round(waitMs)} ms and slowing to ${Math.round(limited.currentRatePerMinute)} requests/minute.`,
        );
        continue;
      }
      attempt += 1;
      if (attempt >= this.maxAttempts) {
        throw new TransientError(
          `${this.options.apiName} request failed after ${attempt} attempts (${outcome.reason}) on ${safePath(url)}. The API may be down; try again later.`,
        );
      }
      this.stats.retries += 1;
      const waitMs = outcome.waitMs ?? backoffDelay(attempt, this.backoffBaseMs, this.backoffCapMs);
      this.options.log(
        "WARN",
        `Retrying ${safePath(url)} in ${waitMs} ms (attempt ${attempt + 1} of ${this.maxAttempts}): ${outcome.reason}`,
      );
      await sleep(waitMs);
    }
  }

  async close(): Promise<void> {
    await this.limiter.stop();
    for (const { limiter } of this.endpointLimiters) await limiter.stop();
    await this.agent.close().catch(() => undefined);
  }

  private async attempt(url: URL, split: RecordsAt | undefined): Promise<Outcome> {
    this.stats.requests += 1;
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let bytes: Buffer;
    const authorization = this.options.authenticator.authorizationHeader();
    try {
      const response = await request(url, {
        method: "GET",
        dispatcher: this.agent,
        headers: {
          authorization,
          accept: "application/json",
          "user-agent": this.options.userAgent,
        },
      });
      status = response.statusCode;
      headers = response.headers;
      bytes = await readBody(response.body, response.headers["content-length"]);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "UND_ERR_INVALID_ARG") {
        // The request could not even be built (e.g. a header with a line break): retrying the same
        // request can only fail the same way.
        return {
          kind: "fail",
          error: new ConfigError(
            `The request to ${this.options.apiName} could not be built: a credential in the config contains a line break or another character not allowed in an HTTP header. Paste the token again without surrounding spaces or newlines.`,
            describeNetworkError(error),
          ),
        };
      }
      if (code === "ENOTFOUND") {
        // A host that does not resolve is a wrong address far more often than a DNS outage.
        return { kind: "fail", error: new ConfigError(this.options.describeUnknownHost(url.hostname)) };
      }
      return { kind: "retry", reason: describeNetworkError(error) };
    }
    const outcome = this.outcomeOf(url, split, { status, headers, bytes, authorization });
    // Unless its records are handed on as slices of it (the reader releases them once written),
    // nothing refers to the body any more: its buffer can serve the next one.
    if (!(outcome.kind === "ok" && outcome.response.records)) releaseBody(bytes);
    return outcome;
  }

  private outcomeOf(
    url: URL,
    split: RecordsAt | undefined,
    answer: {
      status: number;
      headers: Record<string, string | string[] | undefined>;
      bytes: Buffer;
      authorization: string;
    },
  ): Outcome {
    const { status, headers, bytes, authorization } = answer;
    const serverDate = this.noteServerDate(headers.date);
    const path = safePath(url);
    if (this.options.debug) this.options.log("DEBUG", `GET ${path} -> ${status} (${bytes.length} bytes)`);
    if (status === 429) {
      return {
        kind: "retry",
        reason: "429 Too Many Requests",
        rateLimited: true,
        waitMs: parseRetryAfter(headers["retry-after"], serverDate),
      };
    }
    if (status >= 500) return { kind: "retry", reason: `HTTP ${status}` };
    if (status >= 200 && status < 300) {
      try {
        const parts = split && splitRecords(bytes, split);
        if (parts) {
          const response = { status, body: parts.envelope, url, serverDate, records: parts.records };
          return { kind: "ok", response };
        }
        return { kind: "ok", response: { status, body: JSON.parse(jsonText(bytes)), url, serverDate } };
      } catch {
        // A truncated or garbled body is almost always a transport hiccup: retry it like one.
        return { kind: "retry", reason: `unreadable JSON body (${bytes.length} bytes)` };
      }
    }
    const bodyExcerpt = excerpt(utf8Text(bytes));
    const described = this.options.describeError(status, path, bodyExcerpt);
    const error = new HttpError(
      described.message,
      described.failureType,
      status,
      path,
      bodyExcerpt,
      serverDate,
    );
    return status === 401 ? { kind: "unauthorized", error, authorization } : { kind: "fail", error };
  }

  private noteServerDate(header: string | string[] | undefined): number | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    if (!value) return undefined;
    const server = Date.parse(value);
    if (Number.isNaN(server)) return undefined;
    this.lastServerDate = { server, local: Date.now() };
    return server;
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return "timed out waiting for the server";
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) return "timed out connecting";
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
