/**
 * The default export paging, as the real API pages (reference §14): next_page on every page,
 * the empty last one included; chats pages shorter than `limit` mid-export; agent_timeline
 * pages of at most 200 with an epoch-µs end_time, no end_id and a start_time-only next_page,
 * under both readings of its start_time boundary. A client that follows next_page exactly
 * (deduplicating agent_timeline by (agent_id, start_time) when inclusive) gets everything once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type JsonRecord, startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { api, dedupTimeline, epochMicros, followIncremental, get } from "./helpers.js";

const ids = (items: JsonRecord[]) => items.map((c) => c.id);

describe("chats, real paging", () => {
  const emu = useEmulator({ seed: 7, chats: 2600, sameSecondChats: 1500 });

  it("is the default", () => {
    expect(emu.paging).toBe("real");
    expect(emu.timelineBoundary).toBe("inclusive");
  });

  for (const limit of [7, 100, 1000]) {
    it(`following next_page exactly gets every chat once, in order (limit=${limit})`, async () => {
      const f = await followIncremental(
        emu,
        "chats",
        `incremental/chats?fields=chats(id)&limit=${limit}&start_time=0`,
      );
      expect(f.end).toBe("empty");
      expect(ids(f.items)).toEqual(ids([...emu.records("chats")]));
      for (const page of f.pages) {
        expect(page.count).toBe(page.chats.length);
        expect(page.count).toBeLessThanOrEqual(limit);
        // Every page, the empty last one included, says where to go next.
        const next = new URL(page.next_page);
        expect(next.searchParams.get("start_time")).toBe(String(page.end_time));
        expect(next.searchParams.get("start_id")).toBe(page.end_id);
        expect(next.searchParams.get("limit")).toBe(String(limit));
      }
    });
  }

  for (const limit of [7, 100]) {
    it(`some pages mid-export hold only 20–70 % of limit=${limit}`, async () => {
      const f = await followIncremental(
        emu,
        "chats",
        `incremental/chats?fields=chats(id)&limit=${limit}&start_time=0`,
      );
      // Pages followed by a non-empty page: more data remained when they were served.
      const midExport = f.pages.slice(0, -2);
      const short = midExport.filter((p) => p.count < limit);
      expect(short.length).toBeGreaterThan(midExport.length / 5);
      expect(short.length).toBeLessThan(midExport.length / 2);
      for (const p of short) {
        expect(p.count).toBeGreaterThanOrEqual(Math.max(1, Math.floor(limit * 0.2)));
        expect(p.count).toBeLessThanOrEqual(Math.ceil(limit * 0.7));
      }
    });
  }

  it("pages of limit=1000 are short too while more data remains", async () => {
    const big = await startEmulator({ seed: 3, chats: 20_000 });
    try {
      const f = await followIncremental(
        big,
        "chats",
        "incremental/chats?fields=chats(id)&limit=1000&start_time=0",
      );
      expect(f.items.length).toBe(20_000);
      expect(new Set(ids(f.items)).size).toBe(20_000);
      expect(f.pages.slice(0, -2).some((p) => p.count < 1000)).toBe(true);
    } finally {
      await big.close();
    }
  });

  it("the last page is empty, keeps the cursor and points next_page at the same request", async () => {
    const f = await followIncremental(
      emu,
      "chats",
      "incremental/chats?fields=chats(*)&limit=1000&start_time=0",
    );
    const [before, last] = f.pages.slice(-2);
    expect(last).toMatchObject({ chats: [], count: 0, end_time: before.end_time, end_id: before.end_id });
    expect(last.next_page).toBe(before.next_page);
    expect(last.next_page).toBe(f.urls.at(-1));
    expect(last.next_page).toBe(
      `${emu.baseUrl}/incremental/chats?fields=chats%28%2A%29&limit=1000&start_time=${before.end_time}&start_id=${before.end_id}`,
    );
  });

  it("short pages are chosen by the cursor: the same request gets the same page", async () => {
    const path = "incremental/chats?fields=chats(id)&limit=100&start_time=0";
    const first = await api(emu, path);
    for (let i = 0; i < 3; i++) expect((await api(emu, path)).text).toBe(first.text);
  });

  it('paging: "ideal" restores full pages and a null next_page on the last one', async () => {
    const ideal = await startEmulator({ seed: 7, chats: 2600, sameSecondChats: 1500, paging: "ideal" });
    try {
      expect(ideal.paging).toBe("ideal");
      const f = await followIncremental(
        ideal,
        "chats",
        "incremental/chats?fields=chats(id)&limit=100&start_time=0",
      );
      expect(f.end).toBe("null");
      expect(f.pages.slice(0, -1).every((p) => p.count === 100)).toBe(true);
      expect(ids(f.items)).toEqual(ids([...ideal.records("chats")]));
    } finally {
      await ideal.close();
    }
  });
});

describe("agent_timeline, real paging", () => {
  let inclusive: Emulator;
  let exclusive: Emulator;
  beforeAll(async () => {
    inclusive = await startEmulator({ seed: 2, timelineEntries: 2345 });
    exclusive = await startEmulator({ seed: 2, timelineEntries: 2345, timelineBoundary: "exclusive" });
  });
  afterAll(() => Promise.all([inclusive.close(), exclusive.close()]));

  const first = (limit: number) =>
    `incremental/agent_timeline?fields=agent_timeline%28%2A%29&limit=${limit}&start_time=0`;

  it("serves at most 200 a page whatever limit says, like the live response", async () => {
    for (const emu of [inclusive, exclusive]) {
      const r = await api(emu, first(1000));
      expect(r.json.count).toBe(200);
      // The envelope of the live response: no end_id; end_time in epoch µs; start_time-only next_page.
      expect(Object.keys(r.json).sort()).toEqual(["agent_timeline", "count", "end_time", "next_page"]);
      expect(r.json.end_time).toBe(epochMicros(r.json.agent_timeline.at(-1).start_time));
      expect(r.json.end_time).toBeGreaterThan(1e15);
      expect(r.json.next_page).toBe(
        `${emu.baseUrl}/incremental/agent_timeline?fields=agent_timeline%28%2A%29&limit=1000&start_time=${r.json.end_time}`,
      );
      expect((await api(emu, first(13))).json.count).toBe(13);
    }
  });

  for (const limit of [13, 1000]) {
    it(`inclusive: each page repeats the previous page's last entry; deduplicated, every entry once (limit=${limit})`, async () => {
      const f = await followIncremental(inclusive, "agent_timeline", first(limit));
      const all = [...inclusive.records("agent_timeline")];
      expect(f.end).toBe("repeat");
      expect(dedupTimeline(f.items)).toEqual(all);
      // Each page after the first starts with the entry at exactly its start_time: the boundary.
      for (let i = 1; i < f.pages.length; i++) {
        expect(f.pages[i].agent_timeline[0]).toEqual(f.pages[i - 1].agent_timeline.at(-1));
      }
      expect(f.items.length).toBe(all.length + f.pages.length - 1);
      // The last page holds only the repeated boundary entry, and next_page is the request again.
      const last = f.pages.at(-1);
      expect(last.agent_timeline).toEqual([all.at(-1)]);
      expect(last.next_page).toBe(f.urls.at(-1));
    });
  }

  for (const limit of [1, 13, 1000]) {
    it(`exclusive: no repeats, every entry once, an empty last page (limit=${limit})`, async () => {
      const f = await followIncremental(exclusive, "agent_timeline", first(limit));
      expect(f.end).toBe("empty");
      expect(f.items).toEqual([...exclusive.records("agent_timeline")]);
      const last = f.pages.at(-1);
      expect(last.count).toBe(0);
      expect(last.next_page).toBe(f.urls.at(-1));
      expect(last.end_time).toBe(f.pages.at(-2).end_time);
    });
  }

  it("ignores a start_id: the API never hands one out", async () => {
    const all = [...inclusive.records("agent_timeline")];
    const t = epochMicros(all[500]?.start_time as string);
    const path = `incremental/agent_timeline?fields=agent_timeline(*)&limit=3&start_time=${t}`;
    const plain = await api(inclusive, path);
    expect(plain.json.agent_timeline).toEqual(all.slice(500, 503));
    expect((await api(inclusive, `${path}&start_id=${all[500]?.agent_id}`)).json.agent_timeline).toEqual(
      plain.json.agent_timeline,
    );
    expect((await api(exclusive, path)).json.agent_timeline).toEqual(all.slice(501, 504));
  });

  it('paging: "ideal" pages up to limit with end_id and start_id', async () => {
    const ideal = await startEmulator({ seed: 2, timelineEntries: 2345, paging: "ideal" });
    try {
      const r = await get(`${ideal.baseUrl}/${first(1000)}`, ideal.currentAccessToken());
      expect(r.json.count).toBe(1000);
      expect(r.json.end_id).toBe(String(r.json.agent_timeline.at(-1).agent_id));
      expect(new URL(r.json.next_page).searchParams.get("start_id")).toBe(r.json.end_id);
    } finally {
      await ideal.close();
    }
  });
});

describe("opaque next_page cursors (exportCursor: opaque)", () => {
  it("hands out ?cursor=<token> only, serves it back, and refuses a token it did not issue", async () => {
    const emu = await startEmulator({ seed: 5, chats: 900, exportCursor: "opaque" });
    try {
      const headers = { authorization: `Bearer ${emu.currentAccessToken()}` };
      let url = `${emu.baseUrl}/incremental/chats?fields=chats(*)&limit=1000&start_time=0`;
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(url, { headers });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { chats: Array<{ id: string }>; next_page: string };
        expect(new URL(body.next_page).search).toMatch(/^\?cursor=[\w-]+$/);
        if (body.chats.length === 0) break;
        ids.push(...body.chats.map((c) => c.id));
        url = body.next_page;
      }
      expect(ids).toEqual([...emu.records("chats")].map((c) => c.id));
      const forged = await fetch(`${emu.baseUrl}/incremental/chats?cursor=bm9wZQ`, { headers });
      expect(forged.status).toBe(400);
      expect(emu.unexpectedRequests()).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });
});
