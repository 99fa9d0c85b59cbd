/**
 * The HTTP layer: node:http server, the one request pipeline of both APIs (hooks → rate limit →
 * fault → auth → route; each API's part of it is its descriptor in apis.ts), the log of unexpected
 * requests, and the transport-level faults (reset, timeout, slow, truncated, malformed).
 */
import http from "node:http";
import type { Socket } from "node:net";
import { API_PREFIX, type ApiDescriptor, type ChatDeps, chatApi, supportApi, unknownPath } from "./apis.js";
import { route } from "./endpoints/router.js";
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
import type { StatsCollector } from "./stats.js";
import type { BodyStyle, FaultSpec } from "./types.js";

export { API_PREFIX } from "./apis.js";
export const ADMIN_PREFIX = "/_emulator/";

export interface ServerDeps extends ChatDeps {
  faults: FaultInjector;
  stats: StatsCollector;
  logRequests: boolean;
  /** Bench mode: answer a repeated request from a cache of serialised 200 bodies (see EmulatorOptions). */
  cacheBodies: boolean;
  bodyStyle: BodyStyle;
  unexpected: UnexpectedLog;
  hooks: RequestHooks;
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
  /** The APIs the pipeline serves, each from its descriptor (apis.ts). */
  private readonly apis: readonly ApiDescriptor[];

  constructor(private readonly deps: ServerDeps) {
    this.apis = [supportApi(deps.support), chatApi(deps)];
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
    for (const api of this.apis) {
      if (path === api.token.path) return this.grant(api, req, res, unexpected);
    }
    for (const api of this.apis) {
      const endpoint = api.endpointOf(path);
      if (endpoint !== null) return this.serve(api, endpoint, url, req, res, unexpected);
    }
    this.deps.stats.request(path);
    unexpected(
      `unexpected request: ${path} is neither a Chat (${API_PREFIX}) nor an emulated Support endpoint`,
    );
    return this.send(res, unknownPath(path));
  }

  /** POST to an API's token endpoint. Token faults only when a spec names it: "any endpoint" faults are API faults. */
  private async grant(
    api: ApiDescriptor,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    unexpected: (reason: string) => void,
  ): Promise<void> {
    this.deps.stats.request(api.token.name);
    if (req.method !== "POST") return this.send(res, methodNotAllowed());
    const tokenFault = this.deps.faults.take(api.token.name, false, true);
    if (tokenFault) {
      this.deps.stats.fault(tokenFault.kind);
      if ((await this.applyEarlyFault(tokenFault, req, res)) === "handled") return;
    }
    const params = parseBody(await readBody(req), req.headers["content-type"]);
    const r = api.token.grant(params, req.headers.authorization);
    if (r.unexpected !== undefined) unexpected(r.unexpected);
    if (r.status >= 200 && r.status < 300) this.deps.stats.tokenRefreshed();
    return this.send(res, r);
  }

  /**
   * The one request pipeline of both APIs: hooks → rate limits → fault → auth → route. Stats, hooks,
   * faults and repeat_page know the endpoint by the API's name for it (Support's: "support/<endpoint>").
   */
  private async serve(
    api: ApiDescriptor,
    endpoint: string,
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    unexpected: (reason: string) => void,
  ): Promise<void> {
    const name = api.nameOf(endpoint);
    const n = this.deps.stats.request(name);
    // Synchronously, before anything else decides this request: a test may change the data
    // (advance the clock) between two pages of a read.
    this.deps.hooks.fire({ endpoint: name, n, query: url.searchParams, path: url.pathname });

    const rate = api.rateLimit(endpoint);
    if (rate.denied) {
      this.deps.stats.rateLimited();
      return this.send(res, rate.denied, rate.raw, rate.headers);
    }
    const rateHeaders = rate.headers;

    const fault = this.deps.faults.take(name, api.isExport(endpoint));
    if (fault) this.deps.stats.fault(fault.kind);
    if (fault && (await this.applyEarlyFault(fault, req, res)) === "handled") return;

    const authorization = req.headers.authorization;
    let response = api.open?.(endpoint, authorization);
    let key: string | undefined;
    if (response === undefined) {
      const denied = api.authorize(endpoint, authorization);
      if (denied) return this.send(res, denied, undefined, rateHeaders);
      const method = req.method ?? "GET";
      if (method !== "GET") {
        unexpected(`unexpected request: method ${method} (${api.label} read with GET)`);
        return this.send(res, methodNotAllowed(), undefined, rateHeaders);
      }

      const cached = fault?.kind === "repeat_page" ? this.lastBodies.get(name) : undefined;
      if (cached !== undefined) return this.send(res, { status: 200, body: null }, cached, rateHeaders);

      // Bench mode: a request answered before (same endpoint and query, same data) gets the same bytes.
      key =
        api.cacheable && this.deps.cacheBodies && !fault ? cacheKey(endpoint, url.searchParams) : undefined;
      const hit = key === undefined ? undefined : this.bodyCache.get(key);
      if (hit) {
        this.cacheStats.hits += 1;
        this.lastBodies.set(name, hit.bytes);
        return this.send(res, { status: 200, body: null, headers: hit.headers }, hit.bytes, rateHeaders);
      }
      if (key !== undefined) this.cacheStats.misses += 1;

      response = api.route(endpoint, url, fault && DATA_FAULTS.has(fault.kind) ? fault.kind : undefined);
    }
    if (response.unexpected !== undefined) unexpected(response.unexpected);
    const body = serialise(response.body, this.deps.bodyStyle);
    if (response.status === 200) this.lastBodies.set(name, body);
    if (key !== undefined && response.status === 200 && response.unexpected === undefined) {
      const entry = { bytes: Buffer.from(body, "utf8"), headers: response.headers };
      this.bodyCache.set(key, entry);
      this.cacheStats.bytes += entry.bytes.length;
      this.lastBodies.set(name, entry.bytes);
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
