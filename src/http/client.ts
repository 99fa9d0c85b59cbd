import { Agent, request, errors as undiciErrors } from "undici";
import { ConfigError, type ConnectorError, SystemError, TransientError } from "../protocol/errors.js";
import type { FailureType, LogLevel } from "../protocol/messages.js";
import type { Authenticator } from "./auth.js";
import { excerpt, HttpError, safePath } from "./http-error.js";
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
}

export interface JsonResponse {
  status: number;
  body: unknown;
  url: URL;
  /** Server clock from the Date header, in epoch ms. */
  serverDate: number | undefined;
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
    const once = shared ? () => shared.schedule(() => this.attempt(url)) : () => this.attempt(url);
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

  private async attempt(url: URL): Promise<Outcome> {
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
      bytes = Buffer.from(await response.body.arrayBuffer());
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

/** UTF-8 bytes as text, without a byte-order mark (as undici's body.text() reads them). */
function utf8Text(bytes: Buffer): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString("utf8", bom ? 3 : 0);
}

const HEX = "0123456789abcdef";

/**
 * Where the escaped text is assembled, reused page after page (jsonText is synchronous, so one
 * call at a time), up to this size; a larger body gets a buffer of its own that the GC takes back.
 */
const SCRATCH_MAX_BYTES = 8 * 1024 * 1024;
let scratch: Buffer | undefined;

/** A buffer of at least `bytes`, holding the first `keep` bytes of `current`. */
function escapeBuffer(current: Buffer | undefined, keep: number, bytes: number): Buffer {
  if (current === undefined && scratch !== undefined && scratch.length >= bytes) return scratch;
  const grown = Buffer.allocUnsafeSlow(Math.max(bytes, current ? current.length * 2 : 0));
  if (current !== undefined) current.copy(grown, 0, 0, keep);
  if (grown.length <= SCRATCH_MAX_BYTES) scratch = grown;
  return grown;
}

/** Writes `\uXXXX` for one UTF-16 unit at `at`; returns the position after it. */
function writeEscape(out: Buffer, at: number, unit: number): number {
  out[at] = 0x5c; // backslash
  out[at + 1] = 0x75; // u
  out[at + 2] = HEX.charCodeAt((unit >> 12) & 15);
  out[at + 3] = HEX.charCodeAt((unit >> 8) & 15);
  out[at + 4] = HEX.charCodeAt((unit >> 4) & 15);
  out[at + 5] = HEX.charCodeAt(unit & 15);
  return at + 6;
}

/**
 * A JSON body as text for JSON.parse, parsing to exactly what the UTF-8 text would. Decoding UTF-8
 * that holds any non-Latin-1 character gives a two-byte string: twice the memory, slower to
 * decode, and values parsed from it serialise more slowly. So each non-ASCII character (legal in
 * JSON only inside a string, and there `\uXXXX` means the same) is written as its escape and the
 * rest is taken byte for byte (Latin-1: one byte per character). Anything unusual — malformed
 * UTF-8, or a non-ASCII byte right after a backslash (invalid JSON, which an escape could turn
 * valid) — is decoded as UTF-8 as before, so JSON.parse sees the very text it always saw.
 *
 * The escaped text is assembled as bytes in a reused buffer and turned into one string at the end:
 * joining string pieces instead (a slice per ASCII run, an escape string per character) allocated
 * about twice the body in short-lived strings per page — as much young-generation garbage as the
 * parse itself — and JSON.parse then had to flatten the rope (another copy).
 */
export function jsonText(bytes: Buffer): string {
  const n = bytes.length;
  const start = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // ASCII runs are skipped four bytes at a time (a page is mostly ASCII); the bytes are aligned
  // when they start a buffer of their own, as a response body does.
  const words =
    (bytes.byteOffset & 3) === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, n >>> 2) : undefined;
  let out: Buffer | undefined;
  let used = 0;
  let from = start;
  let i = start;
  while (i < n) {
    if (words !== undefined && (i & 3) === 0) {
      let w = i >>> 2;
      while (w < words.length && ((words[w] as number) & 0x80808080) === 0) w++;
      i = w << 2;
      if (i >= n) break;
    }
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let cp: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      cp = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      cp = lead & 0x07;
    } else return utf8Text(bytes);
    if (i + length > n || bytes[i - 1] === 0x5c) return utf8Text(bytes);
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k] as number;
      if ((next & 0xc0) !== 0x80) return utf8Text(bytes);
      cp = (cp << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are malformed.
    if (
      (length === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (length === 4 && (cp < 0x10000 || cp > 0x10ffff))
    )
      return utf8Text(bytes);
    // Room for the run before it, its escape(s) (at most 12 bytes) and the rest of the body as is.
    const needed = used + (i - from) + 12 + (n - i - length);
    if (out === undefined || out.length < needed)
      out = escapeBuffer(out, used, Math.max(needed, n + (n >> 2)));
    used += bytes.copy(out, used, from, i);
    if (cp < 0x10000) used = writeEscape(out, used, cp);
    else {
      used = writeEscape(out, used, 0xd800 + ((cp - 0x10000) >> 10));
      used = writeEscape(out, used, 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
    i += length;
    from = i;
  }
  // The text is ASCII now (every other byte was escaped), so UTF-8 decodes it to the same one-byte
  // string; Node makes a Latin-1 string of more than ~1 MB an external one instead, whose memory
  // lives outside the heap until a GC finalises it and whose megabytes page after page hasten
  // full GCs (measured: ~25 MB more external memory at the peak than the heap strings).
  if (out === undefined) return bytes.toString("utf8", from, n);
  used += bytes.copy(out, used, from, n);
  return out.toString("utf8", 0, used);
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
