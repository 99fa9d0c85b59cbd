/** Incremental endpoint rules: five-minute rule, parameter validation, fields expansion, Date header. */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { api, epochSec, followIncremental, get } from "./helpers.js";

describe("incremental endpoint rules", () => {
  const emu = useEmulator({ seed: 11, chats: 400 });

  const nowSec = () => emu.now().getTime() / 1000;

  it("rejects a start_time less than five minutes in the past (seconds for chats)", async () => {
    const tooRecent = await api(emu, `incremental/chats?start_time=${nowSec() - 299}`);
    expect(tooRecent.status).toBe(400);
    expect(tooRecent.json).toMatchObject({ error: "Bad Request" });
    expect(tooRecent.json.description).toMatch(/five minutes/);
    expect((await api(emu, `incremental/chats?start_time=${nowSec() + 3600}`)).status).toBe(400);
    const ok = await api(emu, `incremental/chats?start_time=${nowSec() - 300}`);
    expect(ok.status).toBe(200);
  });

  it("applies the five-minute rule in microseconds for agent_timeline", async () => {
    const us = (s: number) => s * 1_000_000;
    expect((await api(emu, `incremental/agent_timeline?start_time=${us(nowSec() - 299)}`)).status).toBe(400);
    expect((await api(emu, `incremental/agent_timeline?start_time=${us(nowSec() - 301)}`)).status).toBe(200);
    // A seconds value is refused as a wrong unit (see unexpected.test.ts); 0 means "from the start".
    expect((await api(emu, `incremental/agent_timeline?start_time=${nowSec() - 3600}`)).status).toBe(400);
    const r = await api(emu, "incremental/agent_timeline?start_time=0");
    expect(r.json.count).toBe(200);
  });

  it("follows the virtual clock: after advancing, the same start_time becomes valid", async () => {
    const t = nowSec() - 100;
    expect((await api(emu, `incremental/chats?start_time=${t}`)).status).toBe(400);
    const other = await startEmulator({ seed: 11, chats: 10 });
    try {
      other.advance({ seconds: 300 });
      expect((await api(other, `incremental/chats?start_time=${t}`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("requires an integer start_time and a positive limit", async () => {
    for (const q of [
      "",
      "start_time=",
      "start_time=abc",
      "start_time=12.5",
      "start_time=-5",
      "start_time=0&limit=0",
      "start_time=0&limit=x",
    ]) {
      const r = await api(emu, `incremental/chats?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error).toBe("Bad Request");
    }
  });

  it("caps limit at 1000 and defaults to 1000 (ideal paging: full pages)", async () => {
    const big = await startEmulator({ chats: 2100, paging: "ideal" });
    try {
      expect((await api(big, "incremental/chats?start_time=0&limit=5000")).json.count).toBe(1000);
      const def = await api(big, "incremental/chats?start_time=0");
      expect(def.json.count).toBe(1000);
      expect(def.json.next_page).toMatch(/start_time=\d+&start_id=/);
    } finally {
      await big.close();
    }
  });

  it("without fields returns only ids (chats) / a minimal set (agent_timeline)", async () => {
    const chats = await api(emu, "incremental/chats?start_time=0&limit=3");
    for (const c of chats.json.chats) expect(Object.keys(c)).toEqual(["id"]);
    const tl = await api(emu, "incremental/agent_timeline?start_time=0&limit=3");
    for (const e of tl.json.agent_timeline) expect(Object.keys(e).sort()).toEqual(["agent_id", "start_time"]);
  });

  it("fields=chats(*) expands; fields=chats(a,b) selects", async () => {
    const full = await api(emu, "incremental/chats?fields=chats(*)&start_time=0&limit=3");
    // The page may be short (real paging); the same cursor always gives the same page size.
    const all = [...emu.records("chats")].slice(0, full.json.count);
    expect(full.json.chats).toEqual(all);
    const some = await api(
      emu,
      `incremental/chats?fields=${encodeURIComponent("chats(id,update_timestamp,visitor(name))")}&start_time=0&limit=3`,
    );
    expect(some.json.chats).toEqual(
      all.map((c) => ({ id: c.id, update_timestamp: c.update_timestamp, visitor: c.visitor })),
    );
  });

  it("next_page is an absolute URL at the emulator, carrying fields/limit and the cursor", async () => {
    const r = await api(emu, "incremental/chats?fields=chats%28%2A%29&limit=10&start_time=0");
    const next = new URL(r.json.next_page);
    expect(next.origin).toBe(emu.origin);
    expect(next.pathname).toBe("/api/v2/chat/incremental/chats");
    expect(next.searchParams.get("fields")).toBe("chats(*)");
    expect(next.searchParams.get("limit")).toBe("10");
    expect(Number(next.searchParams.get("start_time"))).toBe(r.json.end_time);
    expect(next.searchParams.get("start_id")).toBe(r.json.end_id);
    expect(r.json.end_time).toBe(epochSec(r.json.chats.at(-1).update_timestamp));
  });

  it("an empty result keeps the cursor and still has a next_page, at the same cursor", async () => {
    const t = nowSec() - 600;
    const r = await api(emu, `incremental/chats?fields=chats(*)&start_time=${t}`);
    expect(r.json).toEqual({
      chats: [],
      count: 0,
      end_id: null,
      end_time: t,
      next_page: `${emu.baseUrl}/incremental/chats?fields=chats%28%2A%29&start_time=${t}`,
    });
  });

  it("ideal paging: an empty result keeps the cursor and has no next_page", async () => {
    const ideal = await startEmulator({ seed: 11, chats: 40, paging: "ideal" });
    try {
      const t = nowSec() - 600;
      const r = await api(ideal, `incremental/chats?fields=chats(*)&start_time=${t}`);
      expect(r.json).toEqual({ chats: [], count: 0, end_id: null, end_time: t, next_page: null });
    } finally {
      await ideal.close();
    }
  });

  it("every response carries the virtual clock as Date", async () => {
    for (const path of ["account", "incremental/chats?start_time=0", "nope"]) {
      const r = await api(emu, path);
      expect(r.headers.date).toBe(emu.now().toUTCString());
    }
    const noAuth = await fetch(`${emu.baseUrl}/agents`);
    expect(noAuth.headers.get("date")).toBe("Mon, 01 Jun 2026 00:00:00 GMT");
  });

  it("unknown paths are 400 unexpected requests; an explicit 404 comes from the fault injector", async () => {
    const r = await api(emu, "no/such/thing");
    expect(r.status).toBe(400);
    expect(r.json.description).toMatch(/unexpected request/);
    emu.faults.add({ kind: "404", endpoint: "no/such/thing" });
    const notFound = await api(emu, "no/such/thing");
    expect(notFound.status).toBe(404);
    expect(notFound.json.error).toBe("Not Found");
  });
});

describe("the five-minute rule on continuations", () => {
  it("refuses a next_page (with start_id) whose start_time is less than five minutes old, then serves it later", async () => {
    const emu = await startEmulator({ seed: 12, chats: 50, timelineEntries: 30 });
    try {
      const nowSec = () => emu.now().getTime() / 1000;
      const from = nowSec() - 7200;
      emu.advance({ seconds: 120, newChats: 5, newTimelineEntries: 3 });
      const chats = await followIncremental(
        emu,
        "chats",
        `incremental/chats?fields=chats(*)&start_time=${from}`,
      );
      expect(chats.end).toBe("too_recent");
      const refused = chats.pages.at(-1).next_page as string;
      expect(new URL(refused).searchParams.get("start_id")).toBe(chats.pages.at(-1).end_id);
      const r = await get(refused, emu.currentAccessToken());
      expect(r.status).toBe(400);
      expect(r.json.description).toMatch(/five minutes/);
      // The Date header is the virtual clock, so a client can tell how long to wait.
      expect(r.headers.date).toBe(emu.now().toUTCString());

      const timeline = await followIncremental(
        emu,
        "agent_timeline",
        `incremental/agent_timeline?fields=agent_timeline(*)&start_time=${from * 1_000_000}`,
      );
      expect(timeline.end).toBe("too_recent");
      expect(emu.unexpectedRequests().filter((u) => /five minutes/.test(u.reason)).length).toBe(3);

      emu.advance({ seconds: 300 });
      const later = await get(refused, emu.currentAccessToken());
      expect(later.status).toBe(200);
      expect(later.json.count).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
