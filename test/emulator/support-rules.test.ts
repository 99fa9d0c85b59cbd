/**
 * Support rules: unknown parameters and offset paging past 100 pages (400s recorded as unexpected),
 * the one-minute rule, rate limits, faults, changes between and during reads, onRequest and stats.
 */
import { describe, expect, it } from "vitest";
import { type Emulator, type RequestInfo, startEmulator } from "../../emulator/index.js";
import { get } from "./helpers.js";
import { followCursorExport, followList, followTimeExport, sup } from "./support-helpers.js";

const nowSec = (emu: Emulator) => Math.floor(emu.now().getTime() / 1000);

describe("AI-agent tickets and support_type_scope", () => {
  it("left out by default (agent); ai_agent keeps only them; all keeps both; after_url does not carry the scope on", async () => {
    const emu = await startEmulator({
      seed: 8,
      chats: 10,
      support: { tickets: 600 },
      supportShortPages: false,
    });
    try {
      const ids = async (scope: string | null) =>
        (
          await followCursorExport(
            emu,
            "tickets",
            `incremental/tickets/cursor.json?start_time=0${scope === null ? "" : `&support_type_scope=${scope}`}`,
          )
        ).items.map((t) => t.id);
      const agent = await ids("agent");
      const aiAgent = await ids("ai_agent");
      const all = await ids("all");
      expect(aiAgent.length).toBeGreaterThan(20);
      expect([...agent, ...aiAgent].sort()).toEqual([...all].sort());
      expect(all).toEqual([...emu.records("tickets")].map((t) => t.id));
      const first = await sup(
        emu,
        "incremental/tickets/cursor.json?start_time=0&per_page=100&support_type_scope=all",
      );
      expect(new URL(first.json.after_url).searchParams.has("support_type_scope")).toBe(false);
      // Followed as given, the next page falls back to the default scope: AI-agent tickets missing.
      const next = await get(first.json.after_url, null, { authorization: emu.supportBasicAuth() });
      const nextIds = next.json.tickets.map((t: { id: number }) => t.id);
      expect(nextIds.filter((id: number) => aiAgent.includes(id))).toEqual([]);
      expect(emu.unexpectedRequests()).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});

describe("Support requests a correct client does not send", () => {
  it("unknown parameters, mixed cursors, foreign cursors and offset paging past page 100 → 400, recorded", async () => {
    const emu = await startEmulator({ chats: 10, support: { users: 120 } });
    try {
      const bad = [
        "incremental/tickets/cursor.json?start_time=0&limit=10",
        "incremental/users/cursor.json?start_time=0&cursor=eyJ0IjowLCJpZCI6MH0",
        "incremental/tickets/cursor.json?cursor=bm90LWEtY3Vyc29y",
        "incremental/tickets/cursor.json",
        "incremental/tickets/cursor.json?start_time=0&support_type_scope=bots",
        "incremental/organizations.json?start_time=abc",
        "groups?page[size]=10&page=2",
        "groups?sort=name",
        "tags?page=101&per_page=100",
        "tags?page=101",
        "ticket_metrics?page=101&per_page=50",
        "ticket_fields?page=1",
        "ticket_audits?sort_order=asc",
      ];
      for (const p of bad) {
        const r = await sup(emu, p);
        expect(r.status, p).toBe(400);
        expect(typeof r.json.error).toBe("string");
      }
      expect(
        emu.unexpectedRequests().map((u) => u.path.replace("/api/v2/", "").replace(/\?.*/, "")),
      ).toHaveLength(bad.length);
      // A before_cursor of an export: reading backwards is not emulated (loudly).
      const p1 = await sup(emu, "incremental/users/cursor.json?start_time=0&per_page=10");
      const p2 = await sup(emu, `incremental/users/cursor.json?per_page=10&cursor=${p1.json.after_cursor}`);
      expect(p1.json.before_cursor).toBeNull();
      expect(typeof p2.json.before_cursor).toBe("string");
      expect((await sup(emu, `incremental/users/cursor.json?cursor=${p2.json.before_cursor}`)).status).toBe(
        400,
      );
      expect(emu.unexpectedRequests()).toHaveLength(bad.length + 1);
      // Offset paging up to page 100 is served (and is not "unexpected").
      emu.resetStats();
      const page = await sup(emu, "users/me");
      expect(page.status).toBe(200);
      const offset = await sup(emu, "group_memberships?page=1&per_page=5");
      expect(offset.status).toBe(200);
      expect(offset.json.next_page).toContain("page=2");
      expect((await sup(emu, "tags?page=100&per_page=100")).status).toBe(200);
      expect(emu.unexpectedRequests()).toEqual([]);
      // Unknown Support paths: 404 with the Support body, recorded.
      const nope = await sup(emu, "tickets/123/nothing.json");
      expect(nope.status).toBe(404);
      expect(nope.json).toEqual({ error: "InvalidEndpoint", description: "Not found" });
      expect(emu.unexpectedRequests()).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });
});

describe("the one-minute rule", () => {
  it("start_time in the last minute or the future → 400 InvalidValue; items of the last minute wait", async () => {
    const emu = await startEmulator({ chats: 10, supportShortPages: false });
    try {
      for (const t of [nowSec(emu) - 30, nowSec(emu) + 3600]) {
        const r = await sup(emu, `incremental/tickets/cursor.json?start_time=${t}`);
        expect(r.status).toBe(400);
        expect(r.json).toEqual({
          error: "InvalidValue",
          description: "Too recent start_time. Use a start_time older than 1 minute",
        });
        expect((await sup(emu, `incremental/organizations.json?start_time=${t}`)).status).toBe(400);
      }
      expect((await sup(emu, `incremental/users/cursor.json?start_time=${nowSec(emu) - 61}`)).status).toBe(
        200,
      );

      const before = await followCursorExport(emu, "tickets", "incremental/tickets/cursor.json?start_time=0");
      const oldLast = before.lastCursor;
      emu.advance({ seconds: 90, newTickets: 3 });
      // New tickets spread over the last 90 s: those of the last 60 s are not served yet.
      const recent = [...emu.records("tickets")].filter(
        (t) => (t.generated_timestamp as number) > nowSec(emu) - 60,
      );
      const now = await followCursorExport(
        emu,
        "tickets",
        `incremental/tickets/cursor.json?cursor=${oldLast}`,
      );
      for (const t of recent) expect(now.items.map((i) => i.id)).not.toContain(t.id);
      emu.advance({ seconds: 61 });
      const later = await followCursorExport(
        emu,
        "tickets",
        `incremental/tickets/cursor.json?cursor=${now.lastCursor}`,
      );
      expect([...now.items, ...later.items].map((t) => t.id).sort()).toEqual(
        [...emu.records("tickets")]
          .slice(-3)
          .map((t) => t.id)
          .sort(),
      );
      expect(later.items.length).toBe(recent.length);
    } finally {
      await emu.close();
    }
  });
});

describe("Support rate limits", () => {
  // The account budget's headers, 429 and window: test/emulator/rate-limit.test.ts (both APIs).
  it("chatCountsAgainstSupport: false keeps the Chat API out of the Support budget", async () => {
    const emu = await startEmulator({
      chats: 5,
      supportRateLimit: { requests: 1, windowMs: 60_000 },
      chatCountsAgainstSupport: false,
    });
    try {
      expect((await sup(emu, "tags")).status).toBe(200);
      expect((await sup(emu, "tags")).status).toBe(429);
      const chat = await fetch(`${emu.baseUrl}/agents`, {
        headers: { authorization: `Bearer ${emu.currentAccessToken()}` },
      });
      expect(chat.status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it("exports: 10 a minute by default once the account budget is on; their own option", async () => {
    const emu = await startEmulator({ chats: 5, supportRateLimit: { requests: 700, windowMs: 60_000 } });
    try {
      const path = "incremental/users/cursor.json?start_time=0&per_page=5";
      for (let i = 0; i < 10; i++) expect((await sup(emu, path)).status).toBe(200);
      const r = await sup(emu, path);
      expect(r.status).toBe(429);
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(50);
      expect(r.json).toEqual({
        error: "APIRateLimitExceeded",
        description: "Number of allowed incremental export API requests per minute exceeded",
      });
      expect((await sup(emu, "groups")).status).toBe(200);
      emu.setSupportRateLimit(null, { requests: 1, windowMs: 1000 });
      expect((await sup(emu, path)).status).toBe(200);
      const again = await sup(emu, "incremental/organizations.json?start_time=0");
      expect(again.status).toBe(429);
      expect(again.headers["retry-after"]).toBe("1");
      expect(emu.stats().rateLimited).toBe(2);
    } finally {
      await emu.close();
    }
  });
});

describe("Support faults", () => {
  it("each kind on a Support endpoint, by its support/ name", async () => {
    const emu = await startEmulator({ chats: 5, supportShortPages: false });
    try {
      const path = "incremental/tickets/cursor.json?start_time=0&per_page=20";
      const endpoint = "support/incremental/tickets/cursor";
      for (const kind of ["500", "502", "503", "429", "401", "403", "404"] as const) {
        emu.faults.add({ kind, endpoint });
        expect((await sup(emu, path)).status).toBe(Number(kind));
        expect((await sup(emu, path)).status).toBe(200);
      }
      emu.faults.add({ kind: "slow", endpoint, delayMs: 300 });
      const t0 = performance.now();
      expect((await sup(emu, path)).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThan(250);
      emu.faults.add({ kind: "reset", endpoint });
      await expect(sup(emu, path)).rejects.toThrow();
      emu.faults.add({ kind: "timeout", endpoint, delayMs: 200 });
      await expect(sup(emu, path)).rejects.toThrow();
      emu.faults.add({ kind: "truncated", endpoint });
      await expect(sup(emu, path)).rejects.toThrow();
      emu.faults.add({ kind: "malformed", endpoint });
      const malformed = await sup(emu, path);
      expect(malformed.status).toBe(200);
      expect(malformed.json).toBeUndefined();
      const first = await sup(emu, path);
      emu.faults.add({ kind: "repeat_page", endpoint });
      expect((await sup(emu, `incremental/tickets/cursor.json?cursor=${first.json.after_cursor}`)).text).toBe(
        first.text,
      );
      emu.faults.add({ kind: "empty", endpoint });
      const empty = await sup(emu, path);
      expect(empty.json.tickets).toEqual([]);
      expect(empty.json.end_of_stream).toBe(true);
      emu.faults.add({ kind: "empty_with_next", endpoint });
      const ewn = await sup(emu, path);
      expect(ewn.json.tickets).toEqual([]);
      expect(ewn.json.end_of_stream).toBe(false);
      emu.faults.add({ kind: "cursor_backwards", endpoint });
      const back = await sup(emu, `incremental/tickets/cursor.json?cursor=${first.json.after_cursor}`);
      const pos = JSON.parse(Buffer.from(back.json.after_cursor, "base64url").toString());
      expect(pos.t).toBeLessThan(JSON.parse(Buffer.from(first.json.after_cursor, "base64url").toString()).t);
      emu.faults.add({ kind: "count_mismatch", endpoint: "support/incremental/organizations" });
      const orgs = await sup(emu, "incremental/organizations.json?start_time=0");
      expect(orgs.json.count).toBe(orgs.json.organizations.length + 1);
      emu.faults.add({ kind: "503", endpoint: "support/groups" });
      expect((await sup(emu, "groups.json")).status).toBe(503);
      expect((await sup(emu, "tags")).status).toBe(200);
      emu.faults.add({ kind: "500", endpoint: "support/oauth/tokens" });
      const token = await fetch(`${emu.origin}/oauth/tokens`, { method: "POST", body: "{}" });
      expect(token.status).toBe(500);
      expect(emu.stats().faultsInjected["503"]).toBe(2);
    } finally {
      await emu.close();
    }
  });
});

describe("the organizations export's harsh edge", () => {
  it("a full page whose items all share start_time points at itself (no start_id to escape)", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      emu.advance({ seconds: 1, newOrganizations: 3 });
      emu.advance({ seconds: 120 });
      const t = nowSec(emu) - 121 + 1;
      const first = await sup(emu, `incremental/organizations.json?per_page=2&start_time=${t}`);
      expect(first.json.organizations).toHaveLength(2);
      expect(first.json.end_time).toBe(t);
      expect(first.json.end_of_stream).toBe(false);
      expect(first.json.next_page).toBe(
        `${emu.supportBaseUrl}/incremental/organizations.json?per_page=2&start_time=${t}`,
      );
      // With a page large enough the export ends.
      const all = await sup(emu, `incremental/organizations.json?start_time=${t}`);
      expect(all.json.organizations).toHaveLength(3);
      expect(all.json.end_of_stream).toBe(true);
    } finally {
      await emu.close();
    }
  });
});

describe("Support control API and scale", () => {
  it("GET /_emulator/support serves the URL, credentials and counts; advance takes Support changes", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      const state = await fetch(`${emu.origin}/_emulator/support`).then((r) => r.json());
      expect(state).toMatchObject({ baseUrl: emu.supportBaseUrl, credentials: emu.supportCredentials() });
      expect(state.counts.tickets).toBe(emu.count("tickets"));
      await fetch(`${emu.origin}/_emulator/advance`, {
        method: "POST",
        body: JSON.stringify({ seconds: 600, newTickets: 7 }),
      });
      expect(emu.count("tickets")).toBe(state.counts.tickets + 7);
      await fetch(`${emu.origin}/_emulator/support/rate-limit`, {
        method: "POST",
        body: JSON.stringify({ account: { requests: 1, windowMs: 60_000 } }),
      });
      expect((await sup(emu, "tags")).status).toBe(200);
      expect((await sup(emu, "tags")).status).toBe(429);
    } finally {
      await emu.close();
    }
  });

  it("100k tickets: built in seconds, the export reads them all", async () => {
    const emu = await startEmulator({ chats: 1000, support: { tickets: 100_000 }, supportShortPages: false });
    try {
      const t0 = performance.now();
      expect(emu.count("tickets")).toBe(100_000);
      expect(performance.now() - t0).toBeLessThan(10_000);
      const read = await followCursorExport(
        emu,
        "tickets",
        "incremental/tickets/cursor.json?start_time=0&per_page=1000",
      );
      expect(read.items).toHaveLength(100_000);
      expect(read.pages).toHaveLength(100);
    } finally {
      await emu.close();
    }
  });
});

describe("Support data changes", () => {
  it("between syncs: new, updated and deleted tickets, users, organizations, groups", async () => {
    const emu = await startEmulator({ chats: 30, supportShortPages: false });
    try {
      const t1 = await followCursorExport(emu, "tickets", "incremental/tickets/cursor.json?start_time=0");
      const u1 = await followCursorExport(emu, "users", "incremental/users/cursor.json?start_time=0");
      const o1 = await followTimeExport(emu, "incremental/organizations.json?start_time=0");
      const lastOrgTime = o1.pages.at(-1).end_time;
      const before = new Map([...emu.records("tickets")].map((t) => [t.id, t]));
      emu.advance({
        seconds: 600,
        newTickets: 4,
        updatedTickets: 3,
        deletedTickets: 2,
        newUsers: 2,
        updatedUsers: 1,
        newOrganizations: 1,
        updatedOrganizations: 1,
        deletedOrganizations: 1,
        deletedGroups: 1,
        deletedUsers: 1,
      });
      emu.advance({ seconds: 120 });
      const t2 = await followCursorExport(
        emu,
        "tickets",
        `incremental/tickets/cursor.json?cursor=${t1.lastCursor}`,
      );
      expect(t2.items).toHaveLength(9);
      expect(t2.items.filter((t) => !before.has(t.id))).toHaveLength(4);
      expect(t2.items.filter((t) => t.status === "deleted")).toHaveLength(2);
      for (const t of t2.items.filter((x) => before.has(x.id)))
        expect(t.generated_timestamp as number).toBeGreaterThan(
          before.get(t.id)?.generated_timestamp as number,
        );
      const u2 = await followCursorExport(
        emu,
        "users",
        `incremental/users/cursor.json?cursor=${u1.lastCursor}`,
      );
      expect(u2.items).toHaveLength(4);
      expect(u2.items.filter((u) => u.active === false).length).toBeGreaterThan(0);
      const o2 = await followTimeExport(emu, `incremental/organizations.json?start_time=${lastOrgTime}`);
      // The boundary item comes again (inclusive), then the three changed organizations.
      expect(o2.items.filter((o) => Date.parse(String(o.updated_at)) / 1000 > lastOrgTime)).toHaveLength(3);
      expect(o2.items.filter((o) => o.deleted_at !== null)).not.toHaveLength(0);
      expect([...emu.records("groups")].filter((g) => g.deleted)).toHaveLength(2);
      // Deleted tickets leave the metrics, audits and tags.
      const deleted = new Set(t2.items.filter((t) => t.status === "deleted").map((t) => t.id));
      expect([...emu.records("ticket_metrics")].some((m) => deleted.has(m.ticket_id))).toBe(false);
      expect([...emu.records("ticket_audits")].some((a) => deleted.has(a.ticket_id))).toBe(false);
      const audits = await followList(emu, "audits", "ticket_audits?page[size]=100");
      expect(audits.items).toEqual([...emu.records("ticket_audits")]);
    } finally {
      await emu.close();
    }
  });

  it("during a read: the cursor stays valid and a ticket updated behind the reader comes again, newer", async () => {
    const emu = await startEmulator({ chats: 60, support: { tickets: 300 }, supportShortPages: false });
    try {
      const seen: RequestInfo[] = [];
      let updated: number[] = [];
      emu.onRequest((info) => {
        seen.push(info);
        if (info.endpoint === "support/incremental/tickets/cursor" && info.n === 3) {
          const before = new Map([...emu.records("tickets")].map((t) => [t.id, t.generated_timestamp]));
          emu.advance({ seconds: 120, updatedTickets: 20, newTickets: 2 });
          updated = [...emu.records("tickets")]
            .filter((t) => before.has(t.id) && before.get(t.id) !== t.generated_timestamp)
            .map((t) => t.id as number);
          emu.advance({ seconds: 61 });
        }
      });
      const read = await followCursorExport(
        emu,
        "tickets",
        "incremental/tickets/cursor.json?start_time=0&per_page=50",
      );
      expect(updated.length).toBe(20);
      const byId = new Map<unknown, number>();
      for (const t of read.items) byId.set(t.id, (byId.get(t.id) ?? 0) + 1);
      // Nothing missed: every current ticket is in the read, at its current state (last copy).
      const last = new Map(read.items.map((t) => [t.id, t]));
      expect([...last.values()].sort((a, b) => (a.id as number) - (b.id as number))).toEqual(
        [...emu.records("tickets")].sort((a, b) => (a.id as number) - (b.id as number)),
      );
      // Tickets updated behind the reader (read in the first two pages) come twice.
      expect([...byId.values()].some((n) => n === 2)).toBe(true);
      expect(seen[0]).toMatchObject({ endpoint: "support/incremental/tickets/cursor", n: 1 });
      expect(emu.stats().byEndpoint["support/incremental/tickets/cursor"]).toBe(read.pages.length);
    } finally {
      await emu.close();
    }
  });

  it("the lazy build does not depend on when it runs: before or after an advance", async () => {
    const early = await startEmulator({ chats: 50 });
    const late = await startEmulator({ chats: 50 });
    try {
      early.count("tickets");
      const change = { seconds: 3600, newChats: 30, newTickets: 2, updatedTickets: 3 };
      early.advance(change);
      late.advance(change);
      const strip = (e: Emulator) =>
        JSON.stringify([...e.records("tickets")]).replaceAll(/127\.0\.0\.1:\d+/g, "h");
      expect(strip(late)).toBe(strip(early));
      for (const t of early.records("tickets"))
        expect(t.generated_timestamp as number).toBeLessThanOrEqual(nowSec(early));
    } finally {
      await Promise.all([early.close(), late.close()]);
    }
  });

  it("new chats get their tickets; advance() during Support lists keeps the cursor valid", async () => {
    const emu = await startEmulator({ chats: 20 });
    try {
      emu.advance({ seconds: 3600, newChats: 40 });
      const tickets = new Set([...emu.records("tickets")].map((t) => t.id));
      for (const chat of emu.records("chats"))
        if (chat.zendesk_ticket_id !== null) expect(tickets.has(chat.zendesk_ticket_id)).toBe(true);
      let n = 0;
      emu.onRequest(({ endpoint }) => {
        if (endpoint === "support/ticket_metrics" && ++n === 2) emu.advance({ seconds: 60, newTickets: 5 });
      });
      const read = await followList(emu, "ticket_metrics", "ticket_metrics?page[size]=10");
      // Newest first: the 5 new tickets sort before the reader's position, so this read misses
      // them (the documented caveat of lists) but never repeats or skips an older one.
      const ids = read.items.map((m) => m.ticket_id);
      expect(new Set(ids).size).toBe(ids.length);
      const current = [...emu.records("ticket_metrics")].map((m) => m.ticket_id);
      expect(current).toHaveLength(ids.length + 5);
      expect(ids).toEqual(current.slice(5));
    } finally {
      await emu.close();
    }
  });
});

describe("registered Support lists (emulator/support/lists)", () => {
  it("brands: soft-deleted brands hidden unless include_deleted=true, sorted by name, cursor-paged; a bad flag → 400", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      const all = [...emu.records("brands")];
      const deleted = all.filter((b) => b.is_deleted === true);
      expect(deleted.length).toBeGreaterThan(0);
      const visible = await followList(emu, "brands", "brands.json?page%5Bsize%5D=2");
      expect(visible.items).toEqual(all.filter((b) => b.is_deleted !== true));
      expect(visible.pages).toBeGreaterThan(1);
      const everything = await followList(emu, "brands", "brands.json?include_deleted=true&page%5Bsize%5D=2");
      expect(everything.items).toEqual(all);
      const names = everything.items.map((b) => String(b.name));
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
      const bad = await sup(emu, "brands.json?include_deleted=yes");
      expect(bad.status).toBe(400);
    } finally {
      await emu.close();
    }
  });
});
