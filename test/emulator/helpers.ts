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

/** Follow next_page from a first URL until the page is short / next_page is null; returns items and pages. */
export async function followIncremental(
  emu: Emulator,
  key: "chats" | "agent_timeline",
  firstPath: string,
  maxPages = 100_000,
): Promise<{ items: JsonRecord[]; pages: Json[] }> {
  const items: JsonRecord[] = [];
  const pages: Json[] = [];
  let url: string | null = `${emu.baseUrl}/${firstPath}`;
  while (url !== null && pages.length < maxPages) {
    const r = await get(url, emu.currentAccessToken());
    if (r.status !== 200) throw new Error(`${url} → ${r.status} ${r.text}`);
    pages.push(r.json);
    items.push(...(r.json[key] as JsonRecord[]));
    url = r.json.next_page;
  }
  return { items, pages };
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
