/**
 * Paging through every endpoint returns every record exactly once, in order, for several page
 * sizes. The export tests here pin the idealised paging (paging: "ideal"); real-paging.test.ts
 * covers the default, real-API paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { api, epochMicros, epochSec, followIncremental, followSinceId } from "./helpers.js";

describe("incremental chats paging (ideal)", () => {
  let emu: Emulator;
  beforeAll(async () => {
    // 1500 chats share one update second: more than a full page of ties.
    emu = await startEmulator({ seed: 7, chats: 2600, sameSecondChats: 1500, paging: "ideal" });
  });
  afterAll(() => emu.close());

  it("has more than 1000 chats in one second", () => {
    const perSecond = new Map<string, number>();
    for (const c of emu.records("chats")) {
      const ts = c.update_timestamp as string;
      perSecond.set(ts, (perSecond.get(ts) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBe(1500);
  });

  for (const limit of [7, 100, 999, 1000, 5000]) {
    it(`returns every chat exactly once in order with limit=${limit}`, async () => {
      const { items, pages } = await followIncremental(
        emu,
        "chats",
        `incremental/chats?fields=chats(*)&limit=${limit}&start_time=0`,
      );
      const expected = [...emu.records("chats")];
      expect(items.map((c) => c.id)).toEqual(expected.map((c) => c.id));
      expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
      const effective = Math.min(limit, 1000);
      for (const page of pages) {
        expect(page.count).toBe(page.chats.length);
        expect(page.chats.length).toBeLessThanOrEqual(effective);
        const last = page.chats.at(-1);
        if (last) {
          expect(page.end_time).toBe(epochSec(last.update_timestamp));
          expect(page.end_id).toBe(last.id);
        }
        expect(page.next_page === null).toBe(page.count < effective);
      }
      // Order is (update_timestamp, id).
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1] as { update_timestamp: string; id: string };
        const b = items[i] as { update_timestamp: string; id: string };
        const ta = epochSec(a.update_timestamp);
        const tb = epochSec(b.update_timestamp);
        expect(ta < tb || (ta === tb && a.id < b.id)).toBe(true);
      }
    });
  }

  it("full records equal records()", async () => {
    const { items } = await followIncremental(emu, "chats", "incremental/chats?fields=chats(*)&start_time=0");
    expect(items).toEqual([...emu.records("chats")]);
  });

  it("limit=1 through a same-second run stays exact", async () => {
    const small = await startEmulator({ seed: 3, chats: 60, sameSecondChats: 25, paging: "ideal" });
    try {
      const { items, pages } = await followIncremental(
        small,
        "chats",
        "incremental/chats?fields=chats(id)&limit=1&start_time=0",
      );
      expect(items.map((c) => c.id)).toEqual([...small.records("chats")].map((c) => c.id));
      expect(pages.length).toBe(61); // 60 full pages of one, then an empty last page
    } finally {
      await small.close();
    }
  });

  it("start_time alone is inclusive; start_id makes it strictly after", async () => {
    const all = [...emu.records("chats")];
    const pivot = all[1234] as { update_timestamp: string; id: string };
    const t = epochSec(pivot.update_timestamp);
    const inclusive = await api(emu, `incremental/chats?fields=chats(*)&start_time=${t}&limit=1000`);
    expect(inclusive.json.chats[0].id).toBe(
      all.find((c) => c.update_timestamp === pivot.update_timestamp)?.id,
    );
    const after = await api(
      emu,
      `incremental/chats?fields=chats(*)&start_time=${t}&start_id=${pivot.id}&limit=3`,
    );
    expect(after.json.chats.map((c: { id: string }) => c.id)).toEqual(all.slice(1235, 1238).map((c) => c.id));
  });
});

describe("agent_timeline paging (ideal)", () => {
  const emu = useEmulator({ seed: 2, timelineEntries: 2345, paging: "ideal" });

  for (const limit of [1, 13, 1000]) {
    it(`returns every entry exactly once with limit=${limit}`, async () => {
      const { items, pages } = await followIncremental(
        emu,
        "agent_timeline",
        `incremental/agent_timeline?fields=agent_timeline(*)&limit=${limit}&start_time=0`,
      );
      expect(items).toEqual([...emu.records("agent_timeline")]);
      const starts = items.map((e) => epochMicros(e.start_time as string));
      expect(new Set(starts).size).toBe(starts.length);
      for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1] as number);
      for (const page of pages) {
        const last = page.agent_timeline.at(-1);
        if (last) expect(page.end_time).toBe(epochMicros(last.start_time));
      }
    });
  }

  it("start_time is in microseconds", async () => {
    const all = [...emu.records("agent_timeline")];
    const pivot = all[500] as { start_time: string };
    const r = await api(
      emu,
      `incremental/agent_timeline?fields=agent_timeline(*)&start_time=${epochMicros(pivot.start_time)}&limit=2`,
    );
    expect(r.json.agent_timeline).toEqual(all.slice(500, 502));
  });
});

describe("since_id paging", () => {
  let emu: Emulator;
  beforeAll(async () => {
    // bans: the reading where since_id/limit apply to both lists together (the per-list one below).
    emu = await startEmulator({ seed: 5, agents: 37, bans: 53, bansPaging: "together" });
  });
  afterAll(() => emu.close());

  for (const limit of [1, 5, 10, 100]) {
    it(`agents: every record once with limit=${limit}`, async () => {
      const { items } = await followSinceId(emu, "agents", limit);
      expect(items).toEqual([...emu.records("agents")]);
    });
    it(`bans: every record once with limit=${limit}`, async () => {
      const { items } = await followSinceId(emu, "bans", limit);
      expect(items).toEqual([...emu.records("bans")]);
    });
  }

  it("since_id is inclusive and ids are large, ascending, below 2^53", async () => {
    const agents = [...emu.records("agents")];
    const third = agents[2] as { id: number };
    const r = await api(emu, `agents?since_id=${third.id}&limit=2`);
    expect(r.json.map((a: { id: number }) => a.id)).toEqual(agents.slice(2, 4).map((a) => a.id));
    for (const a of agents) {
      expect(a.id as number).toBeGreaterThan(100_000_000_000);
      expect(Number.isSafeInteger(a.id)).toBe(true);
    }
  });

  it("bans split one id-ordered page into ip_address and visitor", async () => {
    const all = [...emu.records("bans")];
    const r = await api(emu, "bans?since_id=0&limit=10");
    expect(Object.keys(r.json).sort()).toEqual(["ip_address", "visitor"]);
    const merged = [...r.json.ip_address, ...r.json.visitor].sort((a, b) => a.id - b.id);
    expect(merged).toEqual(all.slice(0, 10));
    for (const b of r.json.ip_address) expect(b.type).toBe("ip_address");
    for (const b of r.json.visitor) expect(b.type).toBe("visitor");
    expect(all.some((b) => b.created_at === null)).toBe(true);
    expect(all.some((b) => b.type === "ip_address") && all.some((b) => b.type === "visitor")).toBe(true);
  });

  it("default limits: bans 10, agents 100; limit above 1000 is capped", async () => {
    const bans = await api(emu, "bans");
    expect(bans.json.ip_address.length + bans.json.visitor.length).toBe(10);
    const agents = await api(emu, "agents");
    expect(agents.json.length).toBe(37);
    const big = await startEmulator({ agents: 1100 });
    try {
      expect((await api(big, "agents?limit=5000")).json.length).toBe(1000);
    } finally {
      await big.close();
    }
  });

  it("bans per list (the default): since_id and limit cut each list apart, so paging on the highest id skips", async () => {
    const perList = await startEmulator({ seed: 5, bans: 53 });
    try {
      const all = [...perList.records("bans")];
      const r = await api(perList, "bans?since_id=0&limit=10");
      const ofKind = (kind: string) => all.filter((b) => b.type === kind).slice(0, 10);
      expect(r.json.ip_address).toEqual(ofKind("ip_address"));
      expect(r.json.visitor).toEqual(ofKind("visitor"));
      // The reading that makes a client paging on max id + 1 lose the shorter-reaching list's rest.
      const { items } = await followSinceId(perList, "bans", 10);
      expect(items.length).toBeLessThan(all.length);
    } finally {
      await perList.close();
    }
  });

  it("max_id pages backwards", async () => {
    const agents = [...emu.records("agents")];
    const pivot = agents[10] as { id: number };
    const r = await api(emu, `agents?max_id=${pivot.id}&limit=3`);
    expect(r.json.map((a: { id: number }) => a.id)).toEqual(agents.slice(8, 11).map((a) => a.id));
  });
});
