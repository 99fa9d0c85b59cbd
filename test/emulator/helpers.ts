/** Shared helpers for the emulator's own tests: plain HTTP calls with undici. */
import { request } from "undici";
import type { Emulator, JsonRecord } from "../../emulator/index.js";

/** Parsed JSON bodies: tests probe them freely, assertions do the checking. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Json;
}

export async function get(
  url: string,
  token: string | null,
  extraHeaders: Record<string, string> = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await request(url, { headers });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** GET a path under the API base URL with the current token. */
export function api(emu: Emulator, path: string): Promise<Reply> {
  return get(`${emu.baseUrl}/${path}`, emu.currentAccessToken());
}

/** Why a followed export ended. */
export type ExportEnd =
  /** next_page was null (ideal paging only). */
  | "null"
  /** An empty page: the real API's end of an export. */
  | "empty"
  /** next_page equals the request: the end of an inclusive agent_timeline export. */
  | "repeat"
  /** next_page was refused: its start_time is less than five minutes old (caught up). */
  | "too_recent";

export interface Followed {
  /** Every item of every page, duplicates included. */
  items: JsonRecord[];
  pages: Json[];
  /** The URL of each page in `pages`. */
  urls: string[];
  end: ExportEnd;
}

/**
 * Follow next_page exactly, from a first URL, the way a client of the real API must: until an
 * empty page, a null next_page, a next_page equal to the request, or a five-minute refusal.
 * Throws after maxPages pages, so a client-side endless loop fails the test.
 */
export async function followIncremental(
  emu: Emulator,
  key: "chats" | "agent_timeline",
  firstPath: string,
  maxPages = 100_000,
): Promise<Followed> {
  const out: Followed = { items: [], pages: [], urls: [], end: "null" };
  let url = `${emu.baseUrl}/${firstPath}`;
  for (;;) {
    if (out.pages.length >= maxPages) throw new Error(`no end after ${maxPages} pages at ${url}`);
    const r = await get(url, emu.currentAccessToken());
    if (r.status === 400 && /five minutes/.test(r.json?.description ?? "") && out.pages.length > 0) {
      return { ...out, end: "too_recent" };
    }
    if (r.status !== 200) throw new Error(`${url} → ${r.status} ${r.text}`);
    out.pages.push(r.json);
    out.urls.push(url);
    const page = r.json[key] as JsonRecord[];
    out.items.push(...page);
    const next: string | null = r.json.next_page;
    if (next === null) return { ...out, end: "null" };
    if (page.length === 0) return { ...out, end: "empty" };
    if (sameRequest(next, url)) return { ...out, end: "repeat" };
    url = next;
  }
}

/** Same path and parameters, whatever the percent-encoding and parameter order. */
export function sameRequest(a: string, b: string): boolean {
  const norm = (u: string) => {
    const url = new URL(u);
    return `${url.pathname}?${[...url.searchParams]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join("&")}`;
  };
  return norm(a) === norm(b);
}

/** agent_timeline entries once each, by (agent_id, start_time), first occurrence kept. */
export function dedupTimeline(items: JsonRecord[]): JsonRecord[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const key = `${e.agent_id}|${e.start_time}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Page agents/bans with since_id = last id + 1 until an empty page. */
export async function followSinceId(
  emu: Emulator,
  resource: "agents" | "bans",
  limit: number,
  startId = 0,
): Promise<{ items: JsonRecord[]; pages: number }> {
  const items: JsonRecord[] = [];
  let since = startId;
  let pages = 0;
  for (;;) {
    const r = await api(emu, `${resource}?since_id=${since}&limit=${limit}`);
    if (r.status !== 200) throw new Error(`${resource} → ${r.status} ${r.text}`);
    pages++;
    const page: JsonRecord[] = resource === "agents" ? r.json : [...r.json.ip_address, ...r.json.visitor];
    if (page.length === 0) return { items, pages };
    page.sort((a, b) => (a.id as number) - (b.id as number));
    items.push(...page);
    since = (page.at(-1)?.id as number) + 1;
  }
}

export function epochSec(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** ISO with microseconds → epoch microseconds, without float rounding. */
export function epochMicros(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)\.(\d{6})Z$/.exec(iso);
  if (!m) throw new Error(`not a microsecond timestamp: ${iso}`);
  return (Date.parse(`${m[1]}Z`) / 1000) * 1_000_000 + Number(m[2]);
}
