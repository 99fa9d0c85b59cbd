/**
 * The emulator's bench mode (cacheBodies): a repeated request gets byte-identical answers from the
 * cache, a query spelled differently is the same request, a data change empties the cache, faults
 * and auth still apply per request, and warming fills the cache with the pages a client then reads.
 */
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { api, followIncremental, get } from "../emulator/helpers.js";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function admin(e: Emulator, method: string, path: string, body?: unknown) {
  const res = await request(`${e.origin}/_emulator/${path}`, {
    method: method as "GET" | "POST" | "DELETE",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, number> };
}

const first = "incremental/chats?fields=chats(*)&limit=100&start_time=0";

describe("emulator body cache (bench mode)", () => {
  it("answers a repeated request with the same bytes, however the query is spelled", async () => {
    emu = await startEmulator({ chats: 500, cacheBodies: true });
    const a = await api(emu, first);
    const b = await api(emu, "incremental/chats?start_time=0&limit=100&fields=chats%28*%29");
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
    const stats = (await admin(emu, "GET", "cache")).json;
    expect(stats).toMatchObject({ enabled: true, hits: 1, misses: 1, entries: 1 });
    expect(stats.bytes).toBe(Buffer.byteLength(a.text));
    // Stats count every request, cached or not.
    expect(emu.stats().byEndpoint["incremental/chats"]).toBe(2);
  });

  it("still checks auth and applies faults per request, and never caches a faulted answer", async () => {
    emu = await startEmulator({ chats: 200, cacheBodies: true });
    const good = await api(emu, first);
    expect((await get(`${emu.baseUrl}/${first}`, "wrong-token")).status).toBe(401);
    emu.faults.add({ kind: "empty", endpoint: "incremental/chats" });
    const faulted = await api(emu, first);
    expect(faulted.json.chats).toEqual([]);
    expect((await api(emu, first)).text).toBe(good.text);
  });

  it("is emptied by a data change, so the next answer shows it", async () => {
    emu = await startEmulator({ chats: 50, cacheBodies: true });
    const before = await api(emu, "agents?limit=1000");
    emu.advance({ seconds: 3600, newAgents: 2 });
    const after = await api(emu, "agents?limit=1000");
    expect(after.json.length).toBe(before.json.length + 2);
    expect((await admin(emu, "GET", "cache")).json.hits).toBe(0);
  });

  it("warming reads the whole export; a client following next_page is then served from the cache", async () => {
    emu = await startEmulator({ chats: 1234, cacheBodies: true });
    const warm = await admin(emu, "POST", "cache/warm", { url: first });
    expect(warm.status).toBe(200);
    const followed = await followIncremental(emu, "chats", first);
    expect(followed.items.length).toBe(1234);
    // Every page the client read, the empty last one included, was warmed.
    expect(warm.json.pages).toBe(followed.pages.length);
    const stats = (await admin(emu, "GET", "cache")).json;
    expect(stats.misses).toBe(0);
    expect(stats.hits).toBe(followed.pages.length);
  });

  it("is off by default", async () => {
    emu = await startEmulator({ chats: 10 });
    expect((await admin(emu, "POST", "cache/warm", { url: first })).status).toBe(400);
  });
});
