/**
 * The HTTP layer: node:http server, request pipeline (hooks → rate limit → fault → auth →
 * route), the log of unexpected requests, and the transport-level faults (reset, timeout,
 * slow, truncated, malformed).
 */
import http from "node:http";
import type { Socket } from "node:net";
import type { TokenStore } from "./auth.js";
import type { Dataset } from "./data/dataset.js";
import type { IncrementalFault } from "./endpoints/incremental.js";
import { INCREMENTAL_ENDPOINTS, type PagingConfig, route } from "./endpoints/router.js";
import {
  type ApiResponse,
  badRequest,
  forbidden,
  methodNotAllowed,
  notFound,
  ok,
  serverError,
  tooManyRequests,
  unauthorized,
} from "./errors.js";
import type { FaultInjector } from "./faults.js";
import type { RequestHooks, UnexpectedLog } from "./observers.js";
import type { RateLimiter } from "./rate-limit.js";
import type { StatsCollector } from "./stats.js";
import type { SupportAuth } from "./support/auth.js";
import type { SupportData } from "./support/data.js";
import {
  routeSupport,
  SUPPORT_EXPORTS,
  type SupportFault,
  supportEndpointName,
  supportNotFound,
} from "./support/endpoints.js";
import type { BodyStyle, FaultSpec } from "./types.js";

export const API_PREFIX = "/api/v2/chat/";
export const TOKEN_PATH = "/oauth2/token";
export const ADMIN_PREFIX = "/_emulator/";
/** The Support API: everything under /api/v2/ that is not under /api/v2/chat/. */
export const SUPPORT_PREFIX = "/api/v2/";
export const SUPPORT_TOKEN_PATH = "/oauth/tokens";

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

export interface ServerDeps {
  data: Dataset;
  tokens: TokenStore;
  faults: FaultInjector;
  limiter: RateLimiter;
  stats: StatsCollector;
  logRequests: boolean;
  /** Bench mode: answer a repeated request from a cache of serialised 200 bodies (see EmulatorOptions). */
  cacheBodies: boolean;
  bodyStyle: BodyStyle;
  paging: PagingConfig;
  unexpected: UnexpectedLog;
  hooks: RequestHooks;
  support: SupportDeps;
  baseUrl(): string;
  /** Control API for out-of-process use (CLI); null when the path is unknown. */
  admin(method: string, path: string, body: string): ApiResponse | null;
}

const DATA_FAULTS: ReadonlySet<string> = new Set([
  "empty",
  "cursor_backwards",
  "empty_with_next",
  "count_mismatch",
  "no_next_page",
  "next_page_absent",
  "end_time_absent",
  "no_sideload",
]);

export class EmulatorServer {
  readonly http: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Last 200 body per endpoint, for the repeat_page fault. */
  private readonly lastBodies = new Map<string, string | Buffer>();
  /** cacheBodies: normalised request → the bytes and headers of its 200 answer. */
  private readonly bodyCache = new Map<string, CachedBody>();
  private readonly cacheStats = { hits: 0, misses: 0, bytes: 0, warmMs: 0, warmedPages: 0 };

  constructor(private readonly deps: ServerDeps) {
    this.http = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        process.stderr.write(
          `emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        if (!res.headersSent) this.send(res, serverError(500));
        else res.destroy();
      });
    });
    this.http.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, "127.0.0.1", () => {
        const address = this.http.address();
        if (address === null || typeof address === "string") reject(new Error("no TCP address"));
        else resolve(address.port);
      });
    });
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.http.closeAllConnections();
    });
  }

  /** Drops every cached body: the data they were made from changed. */
  invalidateCache(): void {
    this.bodyCache.clear();
    this.cacheStats.bytes = 0;
  }

  /**
   * Fills the body cache by reading an export from `target` (a path under the API, e.g.
   * `incremental/chats?fields=chats(*)&limit=1000&start_time=0`) and following `next_page` until a
   * page points back at itself (the real paging's last page) or carries none. Yields between pages.
   */
  async warmCache(target: string): Promise<{ pages: number; bytes: number; ms: number }> {
    if (!this.deps.cacheBodies) throw new Error("the emulator was started without cacheBodies");
    const started = performance.now();
    const base = `http://emulator.invalid${API_PREFIX}`;
    const seen = new Set<string>();
    let pages = 0;
    let bytes = 0;
    let next: string | undefined = target;
    while (next !== undefined) {
      const url = new URL(next, base);
      if (!url.pathname.startsWith(API_PREFIX)) throw new Error(`not an API URL: ${next}`);
      const endpoint = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, "");
      const key = cacheKey(endpoint, url.searchParams);
      if (seen.has(key) || pages >= 1_000_000) break;
      seen.add(key);
      const response = route(this.deps.data, endpoint, url.searchParams, {
        baseUrl: this.deps.baseUrl(),
        paging: this.deps.paging,
      });
      if (response.status !== 200)
        throw new Error(`warming ${endpoint}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
      if (!this.bodyCache.has(key) && response.unexpected === undefined) {
        const entry = {
          bytes: Buffer.from(JSON.stringify(response.body), "utf8"),
          headers: response.headers,
        };
        this.bodyCache.set(key, entry);
        this.cacheStats.bytes += entry.bytes.length;
        bytes += entry.bytes.length;
      }
      pages += 1;
      const body = response.body as { next_page?: unknown } | null;
      next = typeof body?.next_page === "string" ? body.next_page : undefined;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ms = performance.now() - started;
    this.cacheStats.warmMs += ms;
    this.cacheStats.warmedPages += pages;
    return { pages, bytes, ms: Math.round(ms) };
  }

  private async cacheAdmin(method: string, path: string, req: http.IncomingMessage): Promise<ApiResponse> {
    if (method === "GET" && path === "cache")
      return ok({ enabled: this.deps.cacheBodies, entries: this.bodyCache.size, ...this.cacheStats });
    if (method === "POST" && path === "cache/warm") {
      let target: unknown;
      try {
        target = (JSON.parse(await readBody(req)) as { url?: unknown }).url;
      } catch {
        return badRequest('body must be JSON: {"url": "incremental/chats?..."}');
      }
      if (typeof target !== "string") return badRequest("url: a path under /api/v2/chat/ is required");
      try {
        return ok(await this.warmCache(target));
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    }
    if (method === "DELETE" && path === "cache") {
      this.invalidateCache();
      return ok({ entries: 0 });
    }
    return notFound();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "";
    const query = rawUrl.includes("?") ? rawUrl.slice(rawUrl.indexOf("?") + 1) : "";
    const unexpected = (reason: string) => this.deps.unexpected.record({ method, path, query, reason });
    if (this.deps.logRequests) {
      res.on("finish", () => {
        const ms = (performance.now() - started).toFixed(1);
        process.stderr.write(`${method} ${req.url} -> ${res.statusCode} ${ms}ms\n`);
      });
    }

    if (path.startsWith(ADMIN_PREFIX)) {
      const adminPath = path.slice(ADMIN_PREFIX.length);
      if (adminPath === "cache" || adminPath === "cache/warm") {
        this.send(res, await this.cacheAdmin(method, adminPath, req));
        return;
      }
      const body = await readBody(req);
      this.send(res, this.deps.admin(method, path.slice(ADMIN_PREFIX.length), body) ?? notFound());
      return;
    }
    if (path === TOKEN_PATH) {
      this.deps.stats.request("oauth2/token");
      if (method !== "POST") return this.send(res, methodNotAllowed());
      // Token faults only when a spec names this endpoint: "any endpoint" faults are API faults.
      const tokenFault = this.deps.faults.take("oauth2/token", false, true);
      if (tokenFault) {
        this.deps.stats.fault(tokenFault.kind);
        if ((await this.applyEarlyFault(tokenFault, req, res)) === "handled") return;
      }
      const body = await readBody(req);
      const params = parseBody(body, req.headers["content-type"]);
      const r = this.deps.tokens.grant(params, req.headers.authorization);
      if (r.status === 200) this.deps.stats.tokenRefreshed();
      return this.send(res, r);
    }
    if (path === SUPPORT_TOKEN_PATH) {
      this.deps.stats.request("support/oauth/tokens");
      if (method !== "POST") return this.send(res, methodNotAllowed());
      const tokenFault = this.deps.faults.take("support/oauth/tokens", false, true);
      if (tokenFault) {
        this.deps.stats.fault(tokenFault.kind);
        if ((await this.applyEarlyFault(tokenFault, req, res)) === "handled") return;
      }
      const r = this.deps.support.auth.grant(parseBody(await readBody(req), req.headers["content-type"]));
      if (r.unexpected !== undefined) unexpected(r.unexpected);
      if (r.status === 201) this.deps.stats.tokenRefreshed();
      return this.send(res, r);
    }
    const supportEndpoint =
      path.startsWith(SUPPORT_PREFIX) && !path.startsWith(API_PREFIX)
        ? supportEndpointName(path.slice(SUPPORT_PREFIX.length))
        : null;
    if (supportEndpoint !== null) return this.handleSupport(req, res, supportEndpoint, url, unexpected);
    if (!path.startsWith(API_PREFIX)) {
      this.deps.stats.request(path);
      unexpected(
        `unexpected request: ${path} is neither a Chat (${API_PREFIX}) nor an emulated Support endpoint`,
      );
      return this.send(res, path.startsWith(SUPPORT_PREFIX) ? supportNotFound() : notFound());
    }
    const endpoint = path.slice(API_PREFIX.length).replace(/\/+$/, "");
    const n = this.deps.stats.request(endpoint);
    // Synchronously, before anything else decides this request: a test may change the data
    // (advance the clock) between two pages of a read.
    this.deps.hooks.fire({ endpoint, n, query: url.searchParams });

    const rate = this.deps.limiter.take();
    if (rate && !rate.allowed) {
      this.deps.stats.rateLimited();
      return this.send(res, tooManyRequests(rate.retryAfterSec));
    }
    const shared = this.deps.support.chatCounts ? this.deps.support.limiter.take() : null;
    if (shared && !shared.allowed) {
      this.deps.stats.rateLimited();
      return this.send(res, tooManyRequests(shared.retryAfterSec));
    }
    const rateHeaders: Record<string, string> = rate
      ? {
          "X-Rate-Limit": String(this.deps.limiter.limit()),
          "X-Rate-Limit-Remaining": String(rate.remaining),
        }
      : {};

    const fault = this.deps.faults.take(endpoint, INCREMENTAL_ENDPOINTS.has(endpoint));
    if (fault) this.deps.stats.fault(fault.kind);
    const early = fault ? await this.applyEarlyFault(fault, req, res) : null;
    if (early === "handled") return;

    const denied = this.deps.tokens.check(req.headers.authorization);
    if (denied) return this.send(res, denied, undefined, rateHeaders);
    if (method !== "GET") {
      unexpected(`unexpected request: method ${method} (the Chat API endpoints read with GET)`);
      return this.send(res, methodNotAllowed(), undefined, rateHeaders);
    }

    const cached = fault?.kind === "repeat_page" ? this.lastBodies.get(endpoint) : undefined;
    if (cached !== undefined) return this.send(res, { status: 200, body: null }, cached, rateHeaders);

    // Bench mode: a request answered before (same endpoint and query, same data) gets the same bytes.
    const key = this.deps.cacheBodies && !fault ? cacheKey(endpoint, url.searchParams) : undefined;
    if (key !== undefined) {
      const hit = this.bodyCache.get(key);
      if (hit) {
        this.cacheStats.hits += 1;
        this.lastBodies.set(endpoint, hit.bytes);
        return this.send(res, { status: 200, body: null, headers: hit.headers }, hit.bytes, rateHeaders);
      }
      this.cacheStats.misses += 1;
    }

    const response = route(this.deps.data, endpoint, url.searchParams, {
      baseUrl: this.deps.baseUrl(),
      paging: this.deps.paging,
      fault: fault && DATA_FAULTS.has(fault.kind) ? (fault.kind as IncrementalFault) : undefined,
    });
    if (response.unexpected !== undefined) unexpected(response.unexpected);
    const body = serialise(response.body, this.deps.bodyStyle);
    if (response.status === 200) this.lastBodies.set(endpoint, body);
    if (key !== undefined && response.status === 200 && response.unexpected === undefined) {
      const entry = { bytes: Buffer.from(body, "utf8"), headers: response.headers };
      this.bodyCache.set(key, entry);
      this.cacheStats.bytes += entry.bytes.length;
      this.lastBodies.set(endpoint, entry.bytes);
      return this.send(res, response, entry.bytes, rateHeaders);
    }

    if (fault?.kind === "truncated" && response.status === 200) {
      // Announce the full length, send half, then drop the connection.
      this.writeHead(res, response, Buffer.byteLength(body), rateHeaders);
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === "malformed" && response.status === 200) {
      // A complete HTTP response whose JSON is cut off mid-value.
      return this.send(res, response, body.slice(0, Math.max(1, Math.floor(body.length / 2))), rateHeaders);
    }
    this.send(res, response, body, rateHeaders);
  }

  /**
   * A Support request: the Chat pipeline's order (hooks → rate limits → fault → auth → route) with
   * Support's own budgets, credentials and router. Stats, hooks and faults name it "support/<endpoint>".
   */
  private async handleSupport(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    endpoint: string,
    url: URL,
    unexpected: (reason: string) => void,
  ): Promise<void> {
    const { support } = this.deps;
    const name = `support/${endpoint}`;
    const n = this.deps.stats.request(name);
    this.deps.hooks.fire({ endpoint: name, n, query: url.searchParams });
    const isExport = SUPPORT_EXPORTS.has(endpoint);
    const rate = support.limiter.take();
    if (rate && !rate.allowed) {
      this.deps.stats.rateLimited();
      const { r, raw } = supportTooManyRequests(rate.retryAfterSec, false);
      return this.send(res, r, raw);
    }
    const rateHeaders: Record<string, string> = rate
      ? { "X-Rate-Limit": String(support.limiter.limit()), "X-Rate-Limit-Remaining": String(rate.remaining) }
      : {};
    if (isExport) {
      const exportRate = support.exportLimiter.take();
      if (exportRate && !exportRate.allowed) {
        this.deps.stats.rateLimited();
        return this.send(
          res,
          supportTooManyRequests(exportRate.retryAfterSec, true).r,
          undefined,
          rateHeaders,
        );
      }
    }
    const fault = this.deps.faults.take(name, isExport);
    if (fault) this.deps.stats.fault(fault.kind);
    if (fault && (await this.applyEarlyFault(fault, req, res)) === "handled") return;

    const method = req.method ?? "GET";
    let response: ApiResponse;
    if (endpoint === "users/me") {
      // "Allowed For: Anonymous users": bad credentials get an anonymous user, not a 401.
      const who = support.auth.authenticate(req.headers.authorization);
      response = ok({ user: who.ok ? support.data.me(support.auth.role) : ANONYMOUS_USER });
    } else {
      const denied = support.auth.check(req.headers.authorization, endpoint);
      if (denied) return this.send(res, denied, undefined, rateHeaders);
      if (method !== "GET") {
        unexpected(`unexpected request: method ${method} (the emulated Support endpoints read with GET)`);
        return this.send(res, methodNotAllowed(), undefined, rateHeaders);
      }
      const cached = fault?.kind === "repeat_page" ? this.lastBodies.get(name) : undefined;
      if (cached !== undefined) return this.send(res, { status: 200, body: null }, cached, rateHeaders);
      response = routeSupport(support.data, endpoint, url.searchParams, {
        baseUrl: support.baseUrl(),
        shortPages: support.shortPages,
        path: url.pathname.slice(SUPPORT_PREFIX.length),
        fault: fault && DATA_FAULTS.has(fault.kind) ? (fault.kind as SupportFault) : undefined,
      });
    }
    if (response.unexpected !== undefined) unexpected(response.unexpected);
    const body = serialise(response.body, this.deps.bodyStyle);
    if (response.status === 200) this.lastBodies.set(name, body);
    if (fault?.kind === "truncated" && response.status === 200) {
      this.writeHead(res, response, Buffer.byteLength(body), rateHeaders);
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === "malformed" && response.status === 200)
      return this.send(res, response, body.slice(0, Math.max(1, Math.floor(body.length / 2))), rateHeaders);
    this.send(res, response, body, rateHeaders);
  }

  /** Faults that replace the response entirely. Returns "handled" when a response (or none) was decided. */
  private async applyEarlyFault(
    fault: FaultSpec,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<"handled" | null> {
    switch (fault.kind) {
      case "500":
      case "502":
      case "503":
        this.send(res, serverError(Number(fault.kind) as 500 | 502 | 503));
        return "handled";
      case "429":
        this.send(res, tooManyRequests(Math.max(1, Math.ceil((fault.delayMs ?? 1000) / 1000))));
        return "handled";
      case "401":
        this.send(res, unauthorized());
        return "handled";
      case "403":
        this.send(res, forbidden());
        return "handled";
      case "404":
        this.send(res, notFound());
        return "handled";
      case "reset": {
        const socket = req.socket;
        // RST rather than FIN, so clients see ECONNRESET.
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
        else socket.destroy();
        return "handled";
      }
      case "timeout":
        // Say nothing; after delayMs drop the connection (the client has usually given up).
        this.later(fault.delayMs ?? 120_000, () => req.socket.destroy());
        return "handled";
      case "slow":
        await this.sleep(fault.delayMs ?? 2_000);
        return null;
      default:
        return null;
    }
  }

  private writeHead(
    res: http.ServerResponse,
    r: ApiResponse,
    length: number,
    extra: Record<string, string> = {},
  ): void {
    res.writeHead(r.status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(length),
      // Server time is the virtual clock: clients use this header as "now".
      Date: this.deps.data.clock.now().toUTCString(),
      ...extra,
      ...r.headers,
    });
  }

  private send(
    res: http.ServerResponse,
    r: ApiResponse,
    body?: string | Buffer,
    extra?: Record<string, string>,
  ): void {
    // Encode once: the length and the bytes come from the same buffer.
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body ?? JSON.stringify(r.body), "utf8");
    this.writeHead(res, r, bytes.length, extra);
    res.end(bytes);
  }
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

interface CachedBody {
  bytes: Buffer;
  headers: Record<string, string> | undefined;
}

/** The same request however its query is spelled: parameters sorted, values re-encoded alike. */
function cacheKey(endpoint: string, query: URLSearchParams): string {
  const sorted = new URLSearchParams([...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${endpoint}?${sorted.toString()}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Token requests are form-encoded; JSON bodies are accepted too. */
function parseBody(body: string, contentType: string | undefined): URLSearchParams {
  if (contentType?.includes("application/json")) {
    try {
      const obj = JSON.parse(body) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(body);
}

/** A JSON body as the emulator writes it (see EmulatorOptions.bodyStyle). */
function serialise(body: unknown, style: BodyStyle): string {
  if (style === "pretty") return JSON.stringify(body, null, 2);
  const json = JSON.stringify(body);
  if (style === "compact") return json;
  return json.replace(/[\u0080-\uffff/]/g, (c) =>
    c === "/" ? "\\/" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
