/**
 * Scale: a million chats served from seed + index without holding them in memory, and the
 * throughput figure (records/s) with a plain undici client.
 */
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { api, epochSec } from "./helpers.js";

describe("one million chats", () => {
  let emu: Emulator;
  let heapBefore = 0;
  beforeAll(async () => {
    global.gc?.();
    heapBefore = process.memoryUsage().heapUsed;
    emu = await startEmulator({ seed: 1, chats: 1_000_000, sameSecondChats: 2500 });
  });
  afterAll(() => emu.close());

  it("starts instantly and holds no chats in memory", () => {
    expect(emu.count("chats")).toBe(1_000_000);
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(grown).toBeLessThan(50 * 1024 * 1024);
  });

  // How fast is the benchmark's business (npm run bench), not a timed test's.
  it("serves pages from anywhere in the range", async () => {
    const nowSec = emu.now().getTime() / 1000;
    for (const daysAgo of [366, 200, 183, 100, 2]) {
      const r = await api(
        emu,
        `incremental/chats?fields=chats(*)&limit=1000&start_time=${nowSec - daysAgo * 86_400}`,
      );
      expect(r.status).toBe(200);
      const chats = r.json.chats as { update_timestamp: string }[];
      // Real paging: a page may be short (20–70 % of the limit) while more data remains.
      expect(chats.length).toBeLessThanOrEqual(1000);
      if (daysAgo !== 2) expect(chats.length).toBeGreaterThanOrEqual(200);
      if (chats[0])
        expect(epochSec(chats[0].update_timestamp)).toBeGreaterThanOrEqual(nowSec - daysAgo * 86_400);
    }
  });

  it("pages through the 2500-chat same-second block exactly once", async () => {
    const block: string[] = [];
    let url: string | null = null;
    // Find the block: the second holding the most chats around the middle of the range.
    const first = [...take(emu.records("chats"), 1)][0];
    expect(first).toBeDefined();
    const nowSec = emu.now().getTime() / 1000;
    // The block sits at the middle of the ~365-day range, i.e. about 182.5 days ago.
    const probe = await api(
      emu,
      `incremental/chats?fields=chats(update_timestamp)&limit=1000&start_time=${Math.floor(nowSec - 182.6 * 86_400)}`,
    );
    const counts = new Map<string, number>();
    for (const c of probe.json.chats)
      counts.set(c.update_timestamp, (counts.get(c.update_timestamp) ?? 0) + 1);
    const [ts] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    url = `${emu.baseUrl}/incremental/chats?fields=chats(id,update_timestamp)&limit=1000&start_time=${epochSec(ts)}`;
    while (url) {
      const r = await api(emu, url.replace(`${emu.baseUrl}/`, ""));
      const inSecond = (r.json.chats as { id: string; update_timestamp: string }[]).filter(
        (c) => c.update_timestamp === ts,
      );
      block.push(...inSecond.map((c) => c.id));
      url = inSecond.length === r.json.chats.length ? r.json.next_page : null;
    }
    expect(block.length).toBe(2500);
    expect(new Set(block).size).toBe(2500);
  });

  it("measures throughput with a plain undici client", async () => {
    const dispatcher = new Agent({ connections: 1 });
    const token = emu.currentAccessToken();
    let url: string | null = `${emu.baseUrl}/incremental/chats?fields=chats%28%2A%29&limit=1000&start_time=0`;
    let records = 0;
    let bytes = 0;
    const pages = 40;
    const t0 = performance.now();
    for (let i = 0; i < pages && url; i++) {
      const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
      const text = await res.body.text();
      bytes += text.length;
      const body = JSON.parse(text) as { chats: unknown[]; next_page: string | null };
      records += body.chats.length;
      url = body.next_page;
    }
    const seconds = (performance.now() - t0) / 1000;
    const rate = Math.round(records / seconds);
    console.log(
      `emulator throughput: ${records} chats in ${seconds.toFixed(2)}s = ${rate} records/s ` +
        `(${(bytes / records).toFixed(0)} B/chat, ${(bytes / seconds / 1e6).toFixed(1)} MB/s, ${((seconds * 1000) / pages).toFixed(1)} ms/page)`,
    );
    await dispatcher.close();
    // Real paging: about one page in three is short, none below 20 % of the limit.
    expect(records).toBeGreaterThan(40 * 200);
    expect(records).toBeLessThanOrEqual(40_000);
    // A sanity floor only: the figure depends heavily on the machine and its load.
    expect(rate).toBeGreaterThan(500);
  });
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of it) {
    yield x;
    if (++i >= n) return;
  }
}
