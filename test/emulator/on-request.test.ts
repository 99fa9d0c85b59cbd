/**
 * Changing data while a paged read is in progress: onRequest hooks (in-process) and
 * POST /_emulator/schedule (out of process). A read that overlaps changes stays consistent:
 * nothing is skipped, and a record updated behind the reader comes again, newer.
 */
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type Emulator, type JsonRecord, type RequestInfo, startEmulator } from "../../emulator/index.js";
import { api, dedupTimeline, epochMicros, epochSec, followIncremental, get } from "./helpers.js";

async function post(emu: Emulator, path: string, body: unknown) {
  const res = await request(`${emu.origin}/_emulator/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe("onRequest", () => {
  it("runs before each API request with the endpoint, a 1-based count and the query; unsubscribes", async () => {
    const emu = await startEmulator({ chats: 20 });
    try {
      const seen: RequestInfo[] = [];
      const off = emu.onRequest((info) => {
        seen.push(info);
        info.query.set("start_time", "999"); // a copy: the request is not changed
      });
      await api(emu, "agents");
      await api(emu, "incremental/chats?fields=chats(*)&start_time=0");
      await api(emu, "agents?since_id=5");
      await get(`${emu.baseUrl}/agents`, null); // unauthorised: still seen, hooks run first
      expect(seen.map((i) => [i.endpoint, i.n, i.query.get("since_id")])).toEqual([
        ["agents", 1, null],
        ["incremental/chats", 1, null],
        ["agents", 2, "5"],
        ["agents", 3, null],
      ]);
      expect(seen[1]?.query.get("start_time")).toBe("999");
      off();
      await api(emu, "agents");
      expect(seen).toHaveLength(4);
    } finally {
      await emu.close();
    }
  });

  it("advance() in a hook is seen by the very request it precedes", async () => {
    const emu = await startEmulator({ chats: 20 });
    try {
      emu.onRequest(({ n }) => {
        if (n === 2) emu.advance({ seconds: 600, newChats: 3 });
      });
      const path = `incremental/chats?fields=chats(id)&start_time=${emu.now().getTime() / 1000 - 900}`;
      expect((await api(emu, path)).json.count).toBe(0);
      expect((await api(emu, path)).json.count).toBe(3);
    } finally {
      await emu.close();
    }
  });

  it("chats updated mid-read reappear later with a newer update_timestamp; the export stays consistent", async () => {
    const emu = await startEmulator({ seed: 14, chats: 3000 });
    try {
      const before = new Map(
        [...emu.records("chats")].map((c) => [c.id as string, c.update_timestamp as string]),
      );
      emu.onRequest(({ endpoint, n }) => {
        // After the 2nd page: 200 existing chats updated, 50 new.
        if (endpoint === "incremental/chats" && n === 3)
          emu.advance({ seconds: 1, updatedChats: 200, newChats: 50 });
      });
      const read = await followIncremental(
        emu,
        "chats",
        "incremental/chats?fields=chats(id,update_timestamp)&limit=1000&start_time=0",
      );
      // The newest changes are less than five minutes old: the read is caught up.
      expect(read.end).toBe("too_recent");

      const current = [...emu.records("chats")].map((c) => ({
        id: c.id,
        update_timestamp: c.update_timestamp,
      }));
      expect(current).toHaveLength(3050);
      // Nothing skipped; each chat's last delivered version is its current one, in export order.
      const lastSeen = new Map<string, JsonRecord>();
      for (const c of read.items) {
        lastSeen.delete(c.id as string);
        lastSeen.set(c.id as string, c);
      }
      expect([...lastSeen.values()]).toEqual(current);
      // Duplicates are exactly the updated chats the reader had already passed, delivered again newer.
      const counts = new Map<string, JsonRecord[]>();
      for (const c of read.items) counts.set(c.id as string, [...(counts.get(c.id as string) ?? []), c]);
      const twice = [...counts.values()].filter((v) => v.length > 1);
      expect(twice.length).toBeGreaterThan(0);
      const firstTwoPages = new Set(
        [...read.pages[0].chats, ...read.pages[1].chats].map((c: JsonRecord) => c.id),
      );
      expect(twice.every((v) => v.length === 2)).toBe(true);
      for (const [older, newer] of twice as [JsonRecord, JsonRecord][]) {
        expect(firstTwoPages.has(older.id)).toBe(true);
        expect(older.update_timestamp).toBe(before.get(older.id as string));
        expect(epochSec(newer.update_timestamp as string)).toBeGreaterThan(
          epochSec(older.update_timestamp as string),
        );
      }
      const updated = current.filter(
        (c) => before.has(c.id as string) && before.get(c.id as string) !== c.update_timestamp,
      );
      expect(updated).toHaveLength(200);

      // Once the clock has moved on, the refused next_page ends the export with an empty page.
      emu.advance({ seconds: 300 });
      const rest = await get(read.pages.at(-1).next_page, emu.currentAccessToken());
      expect(rest.json.count).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it("timeline entries added mid-read keep the entries sorted and are delivered once (after dedup)", async () => {
    const emu = await startEmulator({ seed: 15, timelineEntries: 900 });
    try {
      emu.onRequest(({ endpoint, n }) => {
        if (endpoint === "incremental/agent_timeline" && n === 2)
          emu.advance({ seconds: 1, newTimelineEntries: 50 });
      });
      const read = await followIncremental(
        emu,
        "agent_timeline",
        "incremental/agent_timeline?fields=agent_timeline(*)&limit=1000&start_time=0",
      );
      const all = [...emu.records("agent_timeline")];
      expect(all).toHaveLength(950);
      const starts = all.map((e) => epochMicros(e.start_time as string));
      for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1] as number);
      expect(dedupTimeline(read.items)).toEqual(all);
    } finally {
      await emu.close();
    }
  });
});

describe("POST /_emulator/schedule", () => {
  it("applies a change before the (afterRequests+1)th matching request is routed", async () => {
    const emu = await startEmulator({ seed: 16, chats: 100 });
    try {
      const scheduled = await post(emu, "schedule", {
        endpoint: "chats",
        afterRequests: 1,
        change: { seconds: 1, newChats: 7 },
      });
      expect(scheduled.status).toBe(200);
      expect(scheduled.json.pending).toHaveLength(1);
      await api(emu, "agents"); // not matching
      await api(emu, "incremental/chats?fields=chats(id)&start_time=0&limit=5");
      expect(emu.count("chats")).toBe(100);
      await api(emu, "incremental/chats?fields=chats(id)&start_time=0&limit=5");
      expect(emu.count("chats")).toBe(107);
      const state = await get(`${emu.origin}/_emulator/schedule`, null);
      expect(state.json).toEqual({
        pending: [],
        applied: [{ endpoint: "chats", afterRequests: 1, change: { seconds: 1, newChats: 7 } }],
      });
      expect((await post(emu, "schedule", { afterRequests: 0 })).status).toBe(400);
    } finally {
      await emu.close();
    }
  });
});
