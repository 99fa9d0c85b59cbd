import { describe, expect, it } from "vitest";
import type { NextPage, PageContext } from "../../src/engine/paginator.js";
import { SystemError } from "../../src/protocol/errors.js";
import { createPaginator, exportStartTooRecent } from "../../src/zendesk/paging.js";
import { urlFactory } from "../helpers/urls.js";

const base = new URL("http://api.test/api/v2/chat/");
const urls = urlFactory(base.href);
const records = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
const NOW = Date.parse("2026-06-01T00:00:00Z") * 1000;
/** A start_time (epoch seconds) an hour before NOW: old enough for the five-minute rule. */
const HOUR_AGO = Math.floor(NOW / 1e6) - 3600;

function page(
  url: URL,
  body: unknown,
  recs: Array<Record<string, unknown>>,
  extra: Partial<PageContext> = {},
): PageContext {
  const ids = recs.map((r) => r.id).filter((id): id is number => typeof id === "number");
  const maxId = ids.length > 0 ? Math.max(...ids) : undefined;
  return { url, body, count: recs.length, maxId, fresh: recs.length, ...extra };
}
function urlOf(next: NextPage): URL {
  if (!("url" in next)) throw new Error(`expected a next page, got the end (${next.reason ?? "no reason"})`);
  return next.url;
}

describe("since_id paginator (agents, bans)", () => {
  const paginator = () => createPaginator({ kind: "since_id", pageSize: 3 }, urls);

  it("starts without since_id, asks for last id + 1 after any non-empty page, short or not, and stops only on an empty page", () => {
    const p = paginator();
    expect(p.firstQuery(undefined, NOW)).toEqual({ limit: 3 });
    expect(p.firstQuery(42, NOW)).toEqual({ since_id: 42, limit: 3 });
    const url = urls.resolve("agents", { limit: 3 });
    const second = urlOf(p.next(page(url, records(3, 10), records(3, 10)), NOW));
    expect(second.searchParams.get("since_id")).toBe("13");
    // A short page (1 of 3) is not the end.
    const third = urlOf(p.next(page(second, records(1, 13), records(1, 13)), NOW));
    expect(third.searchParams.get("since_id")).toBe("14");
    expect(p.next(page(third, [], []), NOW)).toEqual({ end: true });
  });

  it("bans (two lists a page): on from the lower last id of the lists that came full, and checkpoints below it", () => {
    const p = paginator();
    const url = urls.resolve("bans", { limit: 3 });
    const list = (name: string, count: number, lastId: number) => ({ name, count, lastId });
    // Both lists full: the visitor list may go on below the ip list's last id (applied per list).
    const both = [list("ip_address", 3, 30), list("visitor", 3, 12)];
    const next = urlOf(p.next(page(url, {}, records(6, 10), { maxId: 30, lists: both }), NOW));
    expect(next.searchParams.get("since_id")).toBe("13");
    expect(p.checkpointUpTo?.(next)).toBe(12);
    // Only one list full: after its last id, whatever the other's (it holds all it has from since_id).
    const one = [list("ip_address", 3, 20), list("visitor", 1, 40)];
    const third = urlOf(p.next(page(next, {}, records(4, 13), { maxId: 40, lists: one }), NOW));
    expect(third.searchParams.get("since_id")).toBe("21");
    // No list full: after the highest id (no request more than a single list costs).
    const none = [list("ip_address", 2, 50), list("visitor", 1, 45)];
    const fourth = urlOf(p.next(page(third, {}, records(3, 41), { maxId: 50, lists: none }), NOW));
    expect(fourth.searchParams.get("since_id")).toBe("51");
    // The empty page ends it: the final checkpoint is not held back.
    expect(p.next(page(fourth, {}, [], { lists: [] }), NOW)).toEqual({ end: true });
    expect(p.checkpointUpTo?.(undefined)).toBeUndefined();
  });

  it("says records under a page's since_id are not that page's (a stale copy of an earlier page)", () => {
    expect(paginator().floorOf(urls.resolve("agents", { since_id: 100, limit: 3 }))).toBe(100);
    expect(paginator().floorOf(urls.resolve("agents", { limit: 3 }))).toBeUndefined();
  });

  it("refuses to go backwards: re-reads the page (a repeated page), and fails when it keeps happening", () => {
    const url = urls.resolve("agents", { since_id: 100, limit: 3 });
    const p = paginator();
    expect(urlOf(p.next(page(url, [], records(2, 5)), NOW)).href).toBe(url.href);
    expect(p.takeWarnings()[0]).toMatch(/since_id 100/);
    expect(() => {
      for (let i = 0; i < 3; i++) p.next(page(url, [], records(2, 5)), NOW);
    }).toThrow(SystemError);
  });
});

describe("incremental export paginator (chats, agent_timeline)", () => {
  const paginator = () =>
    createPaginator(
      { kind: "incremental_export", pageSize: 1000, timeUnit: "seconds", minStartAgeSeconds: 300 },
      urls,
    );
  const url = urls.resolve("incremental/chats", { fields: "chats(*)", start_time: HOUR_AGO, limit: 1000 });

  it("sends start_time in the stream's unit, and nothing when the start is under five minutes old", () => {
    expect(paginator().firstQuery(1_700_000_000_500_000, NOW)).toEqual({
      start_time: 1_700_000_000,
      limit: 1000,
    });
    const micro = createPaginator(
      { kind: "incremental_export", pageSize: 1000, timeUnit: "microseconds", minStartAgeSeconds: 300 },
      urls,
    );
    expect(micro.firstQuery(1_700_000_000_500_000, NOW)).toEqual({
      start_time: 1_700_000_000_500_000,
      limit: 1000,
    });
    expect(paginator().firstQuery(NOW - 60_000_000, NOW)).toBeUndefined();
  });

  it("follows next_page after a page shorter than limit, and stops only on the empty page that still links onward", () => {
    const p = paginator();
    const nextPage = `${base.href}incremental/chats?fields=chats%28%2A%29&limit=1000&start_time=${HOUR_AGO + 1}&start_id=b`;
    const body = { chats: records(2), count: 2, end_time: HOUR_AGO + 1, end_id: "b", next_page: nextPage };
    const second = urlOf(p.next(page(url, body, records(2)), NOW));
    expect(second.href).toBe(nextPage);
    const last = { chats: [], count: 0, end_time: HOUR_AGO + 1, end_id: "b", next_page: nextPage };
    expect(p.next(page(second, last, []), NOW)).toEqual({ end: true });
  });

  it("follows an opaque next_page (no start_time) as given, without taking it for 'start_time 0'", () => {
    const p = paginator();
    const opaque = `${base.href}incremental/chats?cursor=abc`;
    const next = urlOf(p.next(page(url, { count: 2, next_page: opaque }, records(2)), NOW));
    expect(next.href).toBe(opaque);
    expect(p.takeWarnings()).toEqual([]);
    const after = urlOf(p.next(page(next, { count: 1, next_page: `${opaque}def` }, records(1, 3)), NOW));
    expect(after.href).toBe(`${opaque}def`);
  });

  it("builds the next page from end_time/end_id when next_page is missing (and drops a stale start_id when end_id is absent)", () => {
    const p = paginator();
    const next = urlOf(p.next(page(url, { count: 2, end_time: HOUR_AGO + 5, end_id: "x" }, records(2)), NOW));
    expect(next.searchParams.get("start_time")).toBe(String(HOUR_AGO + 5));
    expect(next.searchParams.get("start_id")).toBe("x");
    const after = urlOf(p.next(page(next, { count: 1, end_time: HOUR_AGO + 9 }, records(1, 3)), NOW));
    expect(after.searchParams.get("start_id")).toBeNull();
    // Neither: on from the page's own newest record, inclusive, from the first request's query.
    const newest = (HOUR_AGO + 7) * 1e6 + 250_000;
    const alone = paginator();
    const derived = urlOf(
      alone.next(page(url, { count: 2, next_page: null }, records(2), { newestMicros: newest }), NOW),
    );
    expect(derived.searchParams.get("start_time")).toBe(String(HOUR_AGO + 7));
    expect(derived.searchParams.get("fields")).toBe("chats(*)");
    expect(alone.takeWarnings()[0]).toMatch(
      /next_page: null and no end_time.*going on from the page's newest/,
    );
    // Without a cursor value on its records there is nothing to go on from: an error, not an end.
    expect(() => paginator().next(page(url, { count: 2 }, records(2)), NOW)).toThrow(
      /no next_page and no end_time.*carry no cursor value/,
    );
  });

  it("pages on from end_time/end_id when next_page points outside the API", () => {
    const p = paginator();
    const body = {
      count: 2,
      end_time: HOUR_AGO + 5,
      end_id: "x",
      next_page: `https://www.zopim.com/api/v2/incremental/chats?start_time=${HOUR_AGO + 5}`,
    };
    const next = urlOf(p.next(page(url, body, records(2)), NOW));
    expect(next.origin).toBe(base.origin);
    expect(next.searchParams.get("start_id")).toBe("x");
    expect(p.takeWarnings()[0]).toMatch(/outside the API/);
  });

  it("ends on a page that points back at itself with nothing new (an inclusive start_time's boundary entries)", () => {
    const p = paginator();
    const self = { count: 1, end_time: HOUR_AGO, next_page: url.href };
    const oldest = HOUR_AGO * 1e6;
    expect(p.next(page(url, self, records(1), { fresh: 0, oldestMicros: oldest }), NOW)).toEqual({
      end: true,
    });
    // The same page with something new on it is read once more (the repeat then brings nothing new).
    const q = paginator();
    expect(urlOf(q.next(page(url, self, records(1), { fresh: 1, oldestMicros: oldest }), NOW)).href).toBe(
      url.href,
    );
    expect(q.next(page(url, self, records(1), { fresh: 0, oldestMicros: oldest }), NOW)).toEqual({
      end: true,
    });
  });

  it("takes a next_page with the same parameters in another order or encoding for the same page", () => {
    const p = paginator();
    const reordered = `${base.href}incremental/chats?start_time=${HOUR_AGO}&limit=1000&fields=chats%28%2A%29`;
    const self = { count: 1, end_time: HOUR_AGO, next_page: reordered };
    const oldest = HOUR_AGO * 1e6;
    expect(p.next(page(url, self, records(1), { fresh: 0, oldestMicros: oldest }), NOW)).toEqual({
      end: true,
    });
  });

  it("re-reads a stale copy of an earlier page (records older than the start) instead of taking it for the end", () => {
    const p = paginator();
    const stale = { count: 2, end_time: HOUR_AGO, next_page: url.href };
    const reread = p.next(
      page(url, stale, records(2), { fresh: 0, oldestMicros: (HOUR_AGO - 60) * 1e6 }),
      NOW,
    );
    expect(urlOf(reread).href).toBe(url.href);
    expect(p.takeWarnings()[0]).toMatch(/stale/);
  });

  it("fails on a loop back to any page already read, not only the last one", () => {
    const p = paginator();
    const second = urlOf(
      p.next(page(url, { count: 1, end_time: HOUR_AGO + 1, end_id: "a" }, records(1)), NOW),
    );
    const third = urlOf(
      p.next(page(second, { count: 1, end_time: HOUR_AGO + 2, end_id: "b" }, records(1, 2)), NOW),
    );
    // The API now points at the second page again.
    expect(() => p.next(page(third, { count: 1, next_page: second.href }, records(1, 3)), NOW)).toThrow(
      /already read/,
    );
  });

  it("refuses to go back in time: re-reads the page, and fails when it keeps happening", () => {
    const p = paginator();
    const backwards = { count: 2, end_time: HOUR_AGO - 86_400 };
    expect(urlOf(p.next(page(url, backwards, records(2)), NOW)).href).toBe(url.href);
    expect(p.takeWarnings()[0]).toMatch(/goes back/);
    expect(() => {
      for (let i = 0; i < 3; i++) p.next(page(url, backwards, records(2)), NOW);
    }).toThrow(/loop/);
  });

  it("stops before a next page the API would refuse as under five minutes old", () => {
    const p = paginator();
    const recent = Math.floor(NOW / 1e6) - 60;
    const next = p.next(page(url, { count: 1, end_time: recent, end_id: "z" }, records(1)), NOW);
    expect(next).toMatchObject({ end: true, reason: expect.stringMatching(/five minutes/) });
  });

  it("warns when count disagrees with the records sent", () => {
    const p = paginator();
    p.next(page(url, { count: 5, end_time: HOUR_AGO + 1 }, records(1)), NOW);
    expect(p.takeWarnings()[0]).toMatch(/count=5/);
  });

  it("reads start_time in the export's unit for the five-minute rule", () => {
    const micro = createPaginator(
      { kind: "incremental_export", pageSize: 1000, timeUnit: "microseconds", minStartAgeSeconds: 300 },
      urls,
    );
    expect(
      micro.startOf(urls.resolve("incremental/agent_timeline", { start_time: 1_700_000_000_000_001 })),
    ).toBe(1_700_000_000_000_001);
    expect(paginator().startOf(urls.resolve("incremental/chats", { start_time: 1_700_000_000 }))).toBe(
      1_700_000_000_000_000,
    );
    expect(paginator().startOf(urls.resolve("incremental/chats?cursor=abc"))).toBeUndefined();
    // By magnitude: an API next_page in µs on a seconds export is not read as the far future.
    expect(
      paginator().startOf(urls.resolve("incremental/chats", { start_time: 1_700_000_000_000_001 })),
    ).toBe(1_700_000_000_000_001);
  });

  it("treats a 400 as 'too recent' only when the server's Date confirms it", () => {
    const server = Date.parse("2026-06-01T00:00:00Z");
    expect(exportStartTooRecent({ status: 400, serverDate: server }, server * 1000 - 60_000_000, 300)).toBe(
      true,
    );
    expect(exportStartTooRecent({ status: 400, serverDate: server }, server * 1000 - 3600_000_000, 300)).toBe(
      false,
    );
    expect(exportStartTooRecent({ status: 400, serverDate: undefined }, 0, 300)).toBe(false);
    expect(exportStartTooRecent({ status: 500, serverDate: server }, server * 1000, 300)).toBe(false);
  });
});
