import { describe, expect, it } from "vitest";
import { SystemError } from "../../src/protocol/errors.js";
import { createPaginator, exportStartTooRecent } from "../../src/source/paginators.js";

const base = new URL("http://api.test/api/v2/chat/");
const urls = {
  resolve(target: string, query?: Record<string, string | number | undefined>) {
    const url = new URL(target, base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  },
};
const records = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
const NOW = Date.parse("2026-06-01T00:00:00Z") * 1000;

describe("since_id paginator (agents, bans)", () => {
  const paginator = () => createPaginator({ kind: "since_id", pageSize: 3 }, urls);

  it("starts without since_id, then asks for last id + 1, and stops on an empty page", () => {
    const p = paginator();
    expect(p.firstQuery(undefined, NOW)).toEqual({ limit: 3 });
    expect(p.firstQuery(42, NOW)).toEqual({ since_id: 42, limit: 3 });
    const url = urls.resolve("agents", { limit: 3 });
    const next = p.next({ url, body: records(3, 10), records: records(3, 10) });
    expect(next?.searchParams.get("since_id")).toBe("13");
    expect(p.next({ url: next as URL, body: [], records: [] })).toBeUndefined();
  });

  it("refuses to go backwards: re-reads the page (a repeated page), and fails when it keeps happening", () => {
    const url = urls.resolve("agents", { since_id: 100, limit: 3 });
    const p = paginator();
    expect(p.next({ url, body: [], records: records(2, 5) })?.href).toBe(url.href);
    expect(p.takeWarnings()[0]).toMatch(/since_id 100/);
    expect(() => {
      for (let i = 0; i < 3; i++) p.next({ url, body: [], records: records(2, 5) });
    }).toThrow(SystemError);
  });
});

describe("incremental export paginator (chats, agent_timeline)", () => {
  const paginator = () =>
    createPaginator({ kind: "incremental_export", pageSize: 2, timeUnit: "seconds" }, urls);
  const url = urls.resolve("incremental/chats", { start_time: 100, limit: 2 });

  it("sends start_time in the stream's unit, and nothing when the start is under five minutes old", () => {
    expect(paginator().firstQuery(1_700_000_000_500_000, NOW)).toEqual({
      start_time: 1_700_000_000,
      limit: 2,
    });
    const micro = createPaginator(
      { kind: "incremental_export", pageSize: 2, timeUnit: "microseconds" },
      urls,
    );
    expect(micro.firstQuery(1_700_000_000_500_000, NOW)).toEqual({
      start_time: 1_700_000_000_500_000,
      limit: 2,
    });
    expect(paginator().firstQuery(NOW - 60_000_000, NOW)).toBeUndefined();
  });

  it("follows next_page on a full page and stops on a short one", () => {
    const p = paginator();
    const body = {
      chats: records(2),
      count: 2,
      end_time: 101,
      end_id: "b",
      next_page: "http://api.test/api/v2/chat/incremental/chats?start_time=101&start_id=b",
    };
    expect(p.next({ url, body, records: records(2) })?.searchParams.get("start_id")).toBe("b");
    expect(p.next({ url, body: { ...body, count: 1 }, records: records(1) })).toBeUndefined();
  });

  it("builds the next page from end_time/end_id when next_page is missing", () => {
    const next = paginator().next({
      url,
      body: { count: 2, end_time: 105, end_id: "x" },
      records: records(2),
    });
    expect(next?.searchParams.get("start_time")).toBe("105");
    expect(next?.searchParams.get("start_id")).toBe("x");
  });

  it("warns on count mismatch, re-reads one empty page that links onward, and fails on a loop", () => {
    const p = paginator();
    p.next({ url, body: { count: 5, next_page: null }, records: records(1) });
    expect(p.takeWarnings()[0]).toMatch(/count=5/);
    const again = p.next({ url, body: { count: 0, next_page: `${url.href}&x=1` }, records: [] });
    expect(again?.href).toBe(url.href);
    expect(p.next({ url, body: { count: 0, next_page: `${url.href}&x=1` }, records: [] })).toBeUndefined();
    const looping = paginator();
    const body = { count: 2, next_page: url.href };
    expect(() => {
      for (let i = 0; i < 5; i++) looping.next({ url, body, records: records(2) });
    }).toThrow(/loop/);
  });

  it("treats a 400 as 'too recent' only when the server's Date confirms it", () => {
    const server = Date.parse("2026-06-01T00:00:00Z");
    expect(exportStartTooRecent({ status: 400, serverDate: server }, server * 1000 - 60_000_000)).toBe(true);
    expect(exportStartTooRecent({ status: 400, serverDate: server }, server * 1000 - 3600_000_000)).toBe(
      false,
    );
    expect(exportStartTooRecent({ status: 400, serverDate: undefined }, 0)).toBe(false);
    expect(exportStartTooRecent({ status: 500, serverDate: server }, server * 1000)).toBe(false);
  });

  it("pages on from end_time/end_id when next_page points outside the API", () => {
    const strict = {
      resolve(target: string, query?: Record<string, string | number | undefined>) {
        const resolved = urls.resolve(target, query);
        if (resolved.origin !== base.origin) throw new Error("outside the API");
        return resolved;
      },
    };
    const p = createPaginator({ kind: "incremental_export", pageSize: 2, timeUnit: "seconds" }, strict);
    const body = {
      count: 2,
      end_time: 105,
      end_id: "x",
      next_page: "https://www.zopim.com/api/v2/incremental/chats?start_time=105",
    };
    const next = p.next({ url, body, records: records(2) });
    expect(next?.origin).toBe(base.origin);
    expect(next?.searchParams.get("start_id")).toBe("x");
    expect(p.takeWarnings()[0]).toMatch(/outside the API/);
  });
});
