/** Helpers for the Support emulator tests: real HTTP reads that follow the API's paging. */
import type { Emulator, JsonRecord } from "../../emulator/index.js";
import { get, type Json, type Reply } from "./helpers.js";

/** GET a path under supportBaseUrl with the default API-token Basic auth. */
export function sup(emu: Emulator, path: string, headers?: Record<string, string>): Promise<Reply> {
  return get(`${emu.supportBaseUrl}/${path}`, null, headers ?? { authorization: emu.supportBasicAuth() });
}

/** Follow after_url until end_of_stream, as a correct client does; fails after maxPages. */
export async function followCursorExport(
  emu: Emulator,
  key: "tickets" | "users",
  firstPath: string,
  maxPages = 10_000,
): Promise<{ items: JsonRecord[]; pages: Json[]; lastCursor: string }> {
  const items: JsonRecord[] = [];
  const pages: Json[] = [];
  // Tickets: every kind (AI-agent tickets too) unless the path names a scope; sent on every
  // request, as the connector does (after_url does not carry it on).
  const first = new URL(`${emu.supportBaseUrl}/${firstPath}`);
  if (key === "tickets" && !first.searchParams.has("support_type_scope"))
    first.searchParams.set("support_type_scope", "all");
  const scope = first.searchParams.get("support_type_scope");
  let url = first.href;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`no end_of_stream after ${maxPages} pages at ${url}`);
    const r = await get(url, null, { authorization: emu.supportBasicAuth() });
    if (r.status !== 200) throw new Error(`${url} → ${r.status} ${r.text}`);
    pages.push(r.json);
    items.push(...r.json[key]);
    if (r.json.end_of_stream === true) return { items, pages, lastCursor: r.json.after_cursor };
    const next = new URL(r.json.after_url);
    if (scope !== null) next.searchParams.set("support_type_scope", scope);
    url = next.href;
  }
}

/** Follow links.next while meta.has_more. */
export async function followList(
  emu: Emulator,
  key: string,
  firstPath: string,
  maxPages = 10_000,
): Promise<{ items: JsonRecord[]; pages: number }> {
  const items: JsonRecord[] = [];
  let url = `${emu.supportBaseUrl}/${firstPath}`;
  for (let pages = 1; pages <= maxPages; pages++) {
    const r = await get(url, null, { authorization: emu.supportBasicAuth() });
    if (r.status !== 200) throw new Error(`${url} → ${r.status} ${r.text}`);
    items.push(...r.json[key]);
    if (!r.json.meta.has_more) return { items, pages };
    url = r.json.links.next;
  }
  throw new Error(`no end after ${maxPages} pages`);
}

/** Follow next_page of the organizations time export until end_of_stream. */
export async function followTimeExport(
  emu: Emulator,
  firstPath: string,
  maxPages = 10_000,
): Promise<{ items: JsonRecord[]; pages: Json[] }> {
  const items: JsonRecord[] = [];
  const pages: Json[] = [];
  let url = `${emu.supportBaseUrl}/${firstPath}`;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`no end_of_stream after ${maxPages} pages`);
    const r = await get(url, null, { authorization: emu.supportBasicAuth() });
    if (r.status !== 200) throw new Error(`${url} → ${r.status} ${r.text}`);
    pages.push(r.json);
    items.push(...r.json.organizations);
    if (r.json.end_of_stream === true) return { items, pages };
    url = r.json.next_page;
  }
}

/** Last occurrence by id wins, first-seen order kept (what a connector's dedup does). */
export function dedupById(items: JsonRecord[]): JsonRecord[] {
  const byId = new Map<unknown, JsonRecord>();
  for (const item of items) {
    byId.delete(item.id);
    byId.set(item.id, item);
  }
  return [...byId.values()];
}

export const sortById = (items: JsonRecord[]) =>
  [...items].sort((a, b) => (a.id as number) - (b.id as number));
