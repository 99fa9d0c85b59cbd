/** Clock advances: new and updated chats, agents, bans, timeline entries — each change delivered once. */
import { describe, expect, it } from "vitest";
import { type Emulator, type JsonRecord, startEmulator } from "../../emulator/index.js";
import { dedupTimeline, epochSec, followIncremental, followSinceId } from "./helpers.js";

/**
 * Incremental sync from a cursor, the way a connector resumes: start_time (+ start_id), then
 * next_page until an empty page or until the cursor is less than five minutes old.
 */
async function syncChats(emu: Emulator, cursor: { time: number; id: string | null }) {
  const idPart = cursor.id ? `&start_id=${cursor.id}` : "";
  const { items, pages, end } = await followIncremental(
    emu,
    "chats",
    `incremental/chats?fields=chats(*)&limit=1000&start_time=${cursor.time}${idPart}`,
  );
  const last = pages.at(-1);
  const next = items.length > 0 ? { time: last.end_time as number, id: last.end_id as string } : cursor;
  return { items, cursor: next, end };
}

describe("virtual clock", () => {
  it("starts at the configured time and only moves when advanced", async () => {
    const emu = await startEmulator({ now: "2025-01-01T12:00:00Z", chats: 50 });
    try {
      expect(emu.now().toISOString()).toBe("2025-01-01T12:00:00.000Z");
      await new Promise((r) => setTimeout(r, 20));
      expect(emu.now().toISOString()).toBe("2025-01-01T12:00:00.000Z");
      emu.advance({ seconds: 90 });
      expect(emu.now().toISOString()).toBe("2025-01-01T12:01:30.000Z");
      const nowSec = emu.now().getTime() / 1000;
      for (const c of emu.records("chats")) {
        expect(epochSec(c.update_timestamp as string)).toBeLessThan(nowSec - 3600 + 1);
        expect(epochSec(c.update_timestamp as string)).toBeGreaterThan(nowSec - 366 * 86_400);
      }
    } finally {
      await emu.close();
    }
  });

  it("delivers new and updated chats exactly once per change", async () => {
    const emu = await startEmulator({ seed: 4, chats: 1200 });
    try {
      const first = await syncChats(emu, { time: 0, id: null });
      expect(first.items.length).toBe(1200);
      const before = new Map(first.items.map((c) => [c.id as string, c]));
      const oldNow = emu.now().getTime() / 1000;

      emu.advance({ seconds: 3600, newChats: 40, updatedChats: 25 });
      const second = await syncChats(emu, first.cursor);
      expect(second.items.length).toBe(65);
      expect(new Set(second.items.map((c) => c.id)).size).toBe(65);
      const updated = second.items.filter((c) => before.has(c.id as string));
      expect(updated.length).toBe(25);
      for (const c of second.items) {
        const ts = epochSec(c.update_timestamp as string);
        expect(ts).toBeGreaterThan(oldNow);
        expect(ts).toBeLessThanOrEqual(emu.now().getTime() / 1000);
      }
      for (const c of updated) {
        const old = before.get(c.id as string) as JsonRecord;
        // The record changed: a tag was added and a history event records it; session unchanged.
        expect((c.tags as string[]).length).toBe((old.tags as string[]).length + 1);
        expect((c.history as JsonRecord[]).at(-1)?.type).toBe("chat.tag");
        expect(c.session).toEqual(old.session);
      }

      // A full sync sees each chat once, at its current position.
      const all = [...emu.records("chats")];
      expect(all.length).toBe(1240);
      expect(emu.count("chats")).toBe(1240);
      expect(new Set(all.map((c) => c.id)).size).toBe(1240);
      const full = await syncChats(emu, { time: 0, id: null });
      expect(full.items).toEqual(all);

      // Nothing changed → nothing delivered.
      emu.advance({ seconds: 600 });
      expect((await syncChats(emu, second.cursor)).items.length).toBe(0);

      // A chat updated twice is delivered once, in its latest version.
      emu.advance({ seconds: 60, updatedChats: 1240 });
      emu.advance({ seconds: 60, updatedChats: 1240 });
      // More than one page of changes in the last five minutes: a sync must wait them out.
      const early = await syncChats(emu, second.cursor);
      expect(early.end).toBe("too_recent");
      expect(early.items.length).toBeLessThan(1240);
      emu.advance({ seconds: 300 });
      const third = await syncChats(emu, second.cursor);
      expect(third.items.length).toBe(1240);
      expect(new Set(third.items.map((c) => c.id)).size).toBe(1240);
    } finally {
      await emu.close();
    }
  });

  it("can put more than 1000 changes in one second and still page exactly", async () => {
    const emu = await startEmulator({ seed: 9, chats: 3000 });
    try {
      const first = await syncChats(emu, { time: 0, id: null });
      emu.advance({ seconds: 1, updatedChats: 1500, newChats: 300 });
      // Past the five-minute rule, or the second page (cursor inside that second) is refused.
      emu.advance({ seconds: 600 });
      const second = await syncChats(emu, first.cursor);
      expect(second.items.length).toBe(1800);
      expect(new Set(second.items.map((c) => c.update_timestamp)).size).toBe(1);
      expect(new Set(second.items.map((c) => c.id)).size).toBe(1800);
    } finally {
      await emu.close();
    }
  });

  it("is deterministic from the seed", async () => {
    const a = await startEmulator({ seed: 21, chats: 200 });
    const b = await startEmulator({ seed: 21, chats: 200 });
    const c = await startEmulator({ seed: 22, chats: 200 });
    try {
      for (const e of [a, b, c])
        e.advance({
          seconds: 500,
          newChats: 5,
          updatedChats: 5,
          newAgents: 2,
          newBans: 2,
          newTimelineEntries: 3,
        });
      for (const r of ["chats", "agents", "bans", "agent_timeline", "account", "triggers"] as const) {
        expect([...a.records(r)]).toEqual([...b.records(r)]);
      }
      expect([...a.records("chats")]).not.toEqual([...c.records("chats")]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("adds agents, bans and timeline entries after the existing ones", async () => {
    const emu = await startEmulator({ seed: 6, agents: 5, bans: 7, timelineEntries: 30 });
    try {
      const agents = await followSinceId(emu, "agents", 100);
      const bans = await followSinceId(emu, "bans", 100);
      const tl = await followIncremental(
        emu,
        "agent_timeline",
        "incremental/agent_timeline?fields=agent_timeline(*)&start_time=0",
      );
      const lastTl = tl.pages.at(-1);
      const seenTl = new Set(tl.items.map((e) => `${e.agent_id}|${e.start_time}`));
      emu.advance({ seconds: 7200, newAgents: 3, newBans: 4, newTimelineEntries: 6 });

      const lastAgent = agents.items.at(-1)?.id as number;
      const newAgents = await followSinceId(emu, "agents", 100, lastAgent + 1);
      expect(newAgents.items.length).toBe(3);
      const newBans = await followSinceId(emu, "bans", 100, (bans.items.at(-1)?.id as number) + 1);
      expect(newBans.items.length).toBe(4);
      for (const b of newBans.items)
        expect(epochSec(b.created_at as string)).toBeGreaterThan(emu.now().getTime() / 1000 - 7200);
      // Real paging: agent_timeline resumes from end_time alone; inclusive, so it repeats the boundary.
      const newTl = await followIncremental(
        emu,
        "agent_timeline",
        `incremental/agent_timeline?fields=agent_timeline(*)&start_time=${lastTl.end_time}`,
      );
      const freshTl = dedupTimeline(newTl.items).filter((e) => !seenTl.has(`${e.agent_id}|${e.start_time}`));
      expect(freshTl.length).toBe(6);
      expect(emu.count("agents")).toBe(8);
      expect(emu.count("bans")).toBe(11);
      expect(emu.count("agent_timeline")).toBe(36);
      // Membership lists follow the agents.
      const members = [...emu.records("departments")].flatMap((d) => d.members as number[]);
      for (const a of newAgents.items) expect(members).toContain(a.id);
    } finally {
      await emu.close();
    }
  });

  it("refuses chat changes that cannot land in (oldNow, newNow]", async () => {
    const emu = await startEmulator({ chats: 10 });
    try {
      expect(() => emu.advance({ seconds: 0.5, newChats: 1 })).toThrow(RangeError);
      expect(() => emu.advance({ seconds: 0 })).toThrow(RangeError);
      expect(emu.now().toISOString()).toBe("2026-06-01T00:00:00.000Z");
    } finally {
      await emu.close();
    }
  });
});
