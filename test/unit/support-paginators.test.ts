import { describe, expect, it } from "vitest";
import type { NextPage, PageContext } from "../../src/engine/paginator.js";
import { SystemError } from "../../src/protocol/errors.js";
import {
  cursorExport,
  cursorList,
  nextPageList,
  timeExport,
} from "../../src/zendesk-support/streams/define.js";
import { urlFactory } from "../helpers/urls.js";

// The three paging kinds of Zendesk Support, as the Support streams declare them.

const urls = urlFactory("http://api.test/api/v2/");
const NOW = Date.parse("2026-06-01T00:00:00Z") * 1000;
const HOUR_AGO_S = Math.floor(NOW / 1e6) - 3600;

function page(url: URL, body: unknown, count: number, extra: Partial<PageContext> = {}): PageContext {
  return { url, body, count, maxId: count > 0 ? count : undefined, fresh: count, ...extra };
}
function urlOf(next: NextPage): URL {
  if (!("url" in next)) throw new Error("expected a next page, got the end");
  return next.url;
}

describe("cursor export (tickets, users)", () => {
  const p = () => cursorExport.paginator(urls);

  it("starts at start_time in epoch seconds with per_page 1000, and nothing when the start is under a minute old", () => {
    expect(p().firstQuery(HOUR_AGO_S * 1e6, NOW)).toEqual({ start_time: HOUR_AGO_S, per_page: 1000 });
    expect(p().firstQuery(NOW - 30e6, NOW)).toBeUndefined();
  });

  it("follows after_url as given, through short and empty pages, until end_of_stream (whose after_url is not followed)", () => {
    const paginator = p();
    const first = urls.resolve("incremental/tickets/cursor.json", { start_time: HOUR_AGO_S, per_page: 1000 });
    const afterA = "http://api.test/api/v2/incremental/tickets/cursor.json?cursor=A%3D%3D";
    const second = urlOf(
      paginator.next(page(first, { tickets: [], after_url: afterA, end_of_stream: false }, 3), NOW),
    );
    expect(second.href).toBe(afterA);
    // An empty page that does not say end_of_stream is followed.
    const afterB = "http://api.test/api/v2/incremental/tickets/cursor.json?cursor=B";
    const third = urlOf(paginator.next(page(second, { after_url: afterB, end_of_stream: false }, 0), NOW));
    expect(third.searchParams.get("cursor")).toBe("B");
    expect(
      paginator.next(
        page(third, { after_url: "http://api.test/api/v2/x?cursor=C", end_of_stream: true }, 2),
        NOW,
      ),
    ).toEqual({ end: true });
  });

  it("continues from after_cursor (without start_time) when after_url is missing, and fails when neither is there", () => {
    const first = urls.resolve("incremental/users/cursor.json", { start_time: HOUR_AGO_S, per_page: 1000 });
    const next = urlOf(p().next(page(first, { after_cursor: "xyz", end_of_stream: false }, 1), NOW));
    expect(next.searchParams.get("cursor")).toBe("xyz");
    expect(next.searchParams.has("start_time")).toBe(false);
    expect(() => p().next(page(first, { end_of_stream: false }, 1), NOW)).toThrow(SystemError);
  });

  it("fails on an after_url that leads back to a page already read", () => {
    const paginator = p();
    const first = urls.resolve("incremental/tickets/cursor.json", { cursor: "A" });
    const second = urlOf(
      paginator.next(
        page(first, { after_url: urls.resolve("incremental/tickets/cursor.json", { cursor: "B" }).href }, 1),
        NOW,
      ),
    );
    expect(() => paginator.next(page(second, { after_url: first.href }, 1), NOW)).toThrow(/loop/);
  });
});

describe("time export (organizations)", () => {
  const p = () => timeExport.paginator(urls);

  it("sends per_page, follows next_page, and ends on end_of_stream even though the last page links on", () => {
    const paginator = p();
    expect(paginator.firstQuery(HOUR_AGO_S * 1e6, NOW)).toEqual({ start_time: HOUR_AGO_S, per_page: 1000 });
    const first = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S, per_page: 1000 });
    const nextPage = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S + 100 }).href;
    const second = urlOf(
      paginator.next(
        page(first, { next_page: nextPage, end_time: HOUR_AGO_S + 100, end_of_stream: false }, 4),
        NOW,
      ),
    );
    expect(second.searchParams.get("start_time")).toBe(String(HOUR_AGO_S + 100));
    const last = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S + 200 }).href;
    expect(
      paginator.next(
        page(second, { next_page: last, end_time: HOUR_AGO_S + 200, end_of_stream: true }, 2),
        NOW,
      ),
    ).toEqual({ end: true });
  });

  it("fails, rather than skip, on a full page of one second that points at itself (the API cannot page past it)", () => {
    const url = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S, per_page: 1000 });
    const self = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S }).href;
    const second = HOUR_AGO_S * 1e6;
    expect(() =>
      p().next(
        page(url, { next_page: self, end_time: HOUR_AGO_S, end_of_stream: false }, 1000, {
          oldestMicros: second,
          newestMicros: second,
        }),
        NOW,
      ),
    ).toThrow(/share one second/);
  });

  it("does not end on a short page that says end_of_stream false", () => {
    const first = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S, per_page: 1000 });
    const next = urls.resolve("incremental/organizations.json", { start_time: HOUR_AGO_S + 5 }).href;
    expect(
      "url" in
        p().next(page(first, { next_page: next, end_time: HOUR_AGO_S + 5, end_of_stream: false }, 1), NOW),
    ).toBe(true);
  });
});

describe("cursor list (groups, macros, ticket_audits, …)", () => {
  const listUrl = (q: Record<string, string | number> = {}) =>
    urls.resolve("groups", { "page[size]": 100, ...q });

  it("asks for page[size]=100, follows links.next while has_more (short pages included), ends on has_more false", () => {
    const paginator = cursorList().paginator(urls);
    expect(paginator.firstQuery(undefined, NOW)).toEqual({ "page[size]": 100 });
    const next = listUrl({ "page[after]": "c1" }).href;
    const second = urlOf(
      paginator.next(
        page(listUrl(), { meta: { has_more: true, after_cursor: "c1" }, links: { next } }, 7),
        NOW,
      ),
    );
    expect(second.href).toBe(next);
    expect(
      paginator.next(page(second, { meta: { has_more: false }, links: { next: null } }, 3), NOW),
    ).toEqual({
      end: true,
    });
  });

  it("builds page[after] from meta.after_cursor without links.next, and fails with has_more and no way on", () => {
    const next = urlOf(
      cursorList()
        .paginator(urls)
        .next(page(listUrl(), { meta: { has_more: true, after_cursor: "zz" } }, 1), NOW),
    );
    expect(next.searchParams.get("page[after]")).toBe("zz");
    expect(() =>
      cursorList()
        .paginator(urls)
        .next(page(listUrl(), { meta: { has_more: true } }, 1), NOW),
    ).toThrow(SystemError);
  });

  const start = NOW - 3600e6;
  const body = (after: string) => ({ meta: { has_more: true, after_cursor: after } });
  /** A newest-first paginator started at `start`, and the URL it asks for after a first page of that span. */
  function newestFirstAfter(first: Partial<PageContext>) {
    const paginator = cursorList("newest_first").paginator(urls);
    paginator.firstQuery(start, NOW);
    return { paginator, second: urlOf(paginator.next(page(listUrl(), body("a"), 2, first), NOW)) };
  }

  it("newest first: stops at the first page reaching below the start, not before", () => {
    const { paginator, second } = newestFirstAfter({ newestMicros: NOW - 10e6, oldestMicros: start + 5e6 });
    expect(
      paginator.next(
        page(second, body("b"), 2, { newestMicros: start + 4e6, oldestMicros: start - 1e6 }),
        NOW,
      ),
    ).toEqual({ end: true });
  });

  it("newest first, but the pages are not in that order: warns and reads to the end instead of stopping early", () => {
    const { paginator, second } = newestFirstAfter({ newestMicros: start + 9e6, oldestMicros: start + 8e6 });
    // Newer than the page before it: the order is not newest first.
    const third = urlOf(
      paginator.next(page(second, body("b"), 2, { newestMicros: NOW - 1e6, oldestMicros: start - 5e6 }), NOW),
    );
    expect(paginator.takeWarnings().join()).toMatch(/not in newest-first order/);
    expect(third.searchParams.get("page[after]")).toBe("b");
  });
});

describe("next_page list (sla_policies, schedules: no paging parameters documented)", () => {
  const listUrl = () => urls.resolve("slas/policies");

  it("asks with no paging parameters, follows a next_page into the API, ends on next_page null", () => {
    const paginator = nextPageList.paginator(urls);
    expect(paginator.firstQuery(undefined, NOW)).toEqual({});
    const next = urlOf(
      paginator.next(
        page(listUrl(), { next_page: "http://api.test/api/v2/slas/policies.json?page=2", count: 3 }, 2),
        NOW,
      ),
    );
    expect(next.searchParams.get("page")).toBe("2");
    expect(paginator.next(page(next, { next_page: null, count: 3 }, 1), NOW)).toEqual({ end: true });
  });

  it("a body without next_page (schedules) ends the list", () => {
    expect(nextPageList.paginator(urls).next(page(listUrl(), { schedules: [] }, 2), NOW)).toEqual({
      end: true,
    });
  });

  it("fails rather than end quietly when count says more than was read, or next_page leaves the API", () => {
    expect(() =>
      nextPageList.paginator(urls).next(page(listUrl(), { next_page: null, count: 5 }, 2), NOW),
    ).toThrow(/says it holds 5 records but gave 2/);
    expect(() =>
      nextPageList
        .paginator(urls)
        .next(page(listUrl(), { next_page: "https://elsewhere.test/slas/policies.json?page=2" }, 2), NOW),
    ).toThrow(SystemError);
  });
});
