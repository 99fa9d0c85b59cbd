/** Support exports and lists read to their end over real HTTP equal records(resource). */
import { describe, expect, it } from "vitest";
import { type JsonRecord, startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import {
  dedupById,
  followCursorExport,
  followList,
  followTimeExport,
  sortById,
  sup,
} from "./support-helpers.js";

/** A metric set as the API serves it: records() adds the cursor the connector adds (_ab_updated_at). */
function asServed(record: JsonRecord): JsonRecord {
  const { _ab_updated_at: _, ...served } = record;
  return served;
}

describe("Support exports and lists", () => {
  const emu = useEmulator({
    seed: 3,
    chats: 200,
    support: { tickets: 400, users: 150, organizations: 40 },
  });

  it("the ticket cursor export returns exactly records('tickets'), in order, with harsh pages", async () => {
    const read = await followCursorExport(
      emu,
      "tickets",
      "incremental/tickets/cursor.json?start_time=0&per_page=50",
    );
    expect(read.items).toEqual([...emu.records("tickets")]);
    const sizes = read.pages.map((p) => p.tickets.length);
    // Some pages shorter than per_page mid-stream, some empty ones with end_of_stream false.
    expect(sizes.slice(0, -1).some((n) => n > 0 && n < 50)).toBe(true);
    expect(read.pages.slice(0, -1).some((p) => p.tickets.length === 0 && p.end_of_stream === false)).toBe(
      true,
    );
    expect(read.pages.slice(0, -1).every((p) => p.end_of_stream === false)).toBe(true);
    // The last page still has an after_url/after_cursor (the bookmark for the next sync).
    const last = read.pages.at(-1);
    expect(typeof last.after_url).toBe("string");
    expect(last.after_cursor).toBe(read.lastCursor);
    // Ordered by generated_timestamp then id; generated_timestamp >= updated_at.
    const keys = read.items.map((t) => [t.generated_timestamp as number, t.id as number] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(new Set(keys.map((k) => k[1])).size).toBe(keys.length);
    for (const t of read.items)
      expect(t.generated_timestamp).toBeGreaterThanOrEqual(Date.parse(String(t.updated_at)) / 1000);
    expect(read.items.some((t) => t.status === "deleted")).toBe(true);
    expect(emu.unexpectedRequests()).toEqual([]);
  });

  it("supportShortPages: false serves full pages; exclude_deleted drops deleted tickets", async () => {
    const full = await startEmulator({ seed: 3, chats: 200, supportShortPages: false });
    try {
      const read = await followCursorExport(
        full,
        "tickets",
        "incremental/tickets/cursor.json?start_time=0&per_page=40",
      );
      expect(read.pages.slice(0, -1).every((p) => p.tickets.length === 40)).toBe(true);
      const live = await followCursorExport(
        full,
        "tickets",
        "incremental/tickets/cursor.json?start_time=0&per_page=40&exclude_deleted=true",
      );
      expect(live.items).toEqual(read.items.filter((t) => t.status !== "deleted"));
    } finally {
      await full.close();
    }
  });

  it("the user cursor export returns records('users') (agents, admins, end users, inactive ones)", async () => {
    const read = await followCursorExport(
      emu,
      "users",
      "incremental/users/cursor.json?start_time=0&per_page=25",
    );
    expect(read.items).toEqual([...emu.records("users")]);
    const roles = new Set(read.items.map((u) => u.role));
    expect([...roles].sort()).toEqual(["admin", "agent", "end-user"]);
    expect(read.items.some((u) => u.active === false)).toBe(true);
    expect(read.items.some((u) => typeof u.organization_id === "number")).toBe(true);
  });

  it("the organizations time export is inclusive (duplicates), deduped it equals records('organizations')", async () => {
    const read = await followTimeExport(emu, "incremental/organizations.json?start_time=0&per_page=7");
    expect(read.items.length).toBeGreaterThan(emu.count("organizations"));
    expect(sortById(dedupById(read.items))).toEqual(sortById([...emu.records("organizations")]));
    for (const page of read.pages.slice(0, -1)) {
      expect(page.end_of_stream).toBe(false);
      expect(page.next_page).toContain(`start_time=${page.end_time}`);
      expect(page.count).toBe(page.organizations.length);
    }
    expect(read.pages.at(-1).organizations.length).toBeLessThan(7);
    expect(read.items.some((o) => typeof o.deleted_at === "string")).toBe(true);
  });

  it.each([
    ["groups?exclude_deleted=false&", "groups"],
    ["groups.json?exclude_deleted=false&", "groups"],
    ["group_memberships", "group_memberships"],
    ["macros", "macros"],
    ["ticket_fields", "ticket_fields"],
    ["ticket_metrics", "ticket_metrics"],
    ["tags", "tags"],
  ] as const)("cursor list %s read to has_more false equals records()", async (path, key) => {
    const read = await followList(emu, key, `${path}${path.endsWith("&") ? "" : "?"}page[size]=4`);
    const ordered =
      key === "macros"
        ? [...emu.records(key)].sort(
            (a, b) => String(a.title).localeCompare(String(b.title)) || (a.id as number) - (b.id as number),
          )
        : [...emu.records(key)];
    expect(read.items).toEqual(ordered.map(asServed));
    expect(read.pages).toBeGreaterThan(1);
  });

  it("macros sorted as Airbyte asks (created_at asc) keep the sort across pages; active filters", async () => {
    const read = await followList(emu, "macros", "macros?sort_by=created_at&sort_order=asc&page[size]=5");
    const time = (m: JsonRecord) => Date.parse(String(m.created_at));
    expect(read.items).toEqual(
      [...emu.records("macros")].sort((a, b) => time(a) - time(b) || (a.id as number) - (b.id as number)),
    );
    const inactive = await followList(emu, "macros", "macros?active=false&page[size]=1");
    expect(inactive.items.length).toBeGreaterThan(0);
    expect(inactive.items.every((m) => m.active === false)).toBe(true);
  });

  it("groups hide deleted ones unless exclude_deleted=false", async () => {
    const all = [...emu.records("groups")];
    expect(all.some((g) => g.deleted === true)).toBe(true);
    for (const p of ["groups?page[size]=100", "groups?exclude_deleted=true&page[size]=100"]) {
      expect((await followList(emu, "groups", p)).items).toEqual(all.filter((g) => g.deleted !== true));
    }
  });

  it("ticket_metrics: one per live unarchived ticket; tags: the live tickets of the last 60 days; ids resolve", async () => {
    expect([...emu.records("groups")].some((g) => g.deleted === true)).toBe(true);
    const tickets = [...emu.records("tickets")];
    const live = tickets.filter((t) => t.status !== "deleted");
    const now = emu.now().getTime();
    const age = (t: JsonRecord) => (now - Date.parse(String(t.updated_at))) / 86_400_000;
    // Archived (closed over 120 days ago): in the export, not in the metrics list.
    const archived = live.filter((t) => t.status === "closed" && age(t) > 120);
    expect(archived.length).toBeGreaterThan(0);
    const metrics = [...emu.records("ticket_metrics")];
    expect(metrics.map((m) => m.ticket_id).sort()).toEqual(
      live
        .filter((t) => !archived.includes(t))
        .map((t) => t.id)
        .sort(),
    );
    const auditTickets = new Set([...emu.records("ticket_audits")].map((a) => a.ticket_id));
    for (const t of archived) expect(auditTickets.has(t.id)).toBe(false);
    // Tags: the live tickets updated within the last 60 days.
    const counts = new Map<string, number>();
    for (const t of live.filter((x) => age(x) <= 60))
      for (const tag of t.tags as string[]) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const tags = [...emu.records("tags")];
    expect(new Map(tags.map((t) => [t.name as string, t.count as number]))).toEqual(counts);
    const tagCounts = tags.map((t) => t.count as number);
    expect(tagCounts).toEqual([...tagCounts].sort((a, b) => b - a));
    const ids = new Set(tickets.map((t) => t.id));
    const users = new Set([...emu.records("users")].map((u) => u.id));
    for (const t of tickets) {
      expect(users.has(t.requester_id)).toBe(true);
      if (t.assignee_id !== null) expect(users.has(t.assignee_id)).toBe(true);
    }
    for (const a of emu.records("ticket_audits")) expect(ids.has(a.ticket_id)).toBe(true);
  });

  it("ticket_audits: legacy style newest first via before_url until an empty page; cursor style likewise", async () => {
    const items: JsonRecord[] = [];
    let url: string | null =
      `${emu.supportBaseUrl}/ticket_audits.json?sort_by=created_at&sort_order=desc&limit=200`;
    let pages = 0;
    while (url !== null && pages++ < 1000) {
      const r = await sup(emu, url.slice(emu.supportBaseUrl.length + 1));
      expect(r.status).toBe(200);
      if (r.json.audits.length === 0) break;
      items.push(...r.json.audits);
      expect(typeof r.json.before_url).toBe("string");
      url = r.json.before_url;
    }
    expect(items).toEqual([...emu.records("ticket_audits")]);
    const times = items.map((a) => Date.parse(String(a.created_at)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const cursor = await followList(emu, "audits", "ticket_audits?page[size]=100");
    expect(cursor.items).toEqual(items);
    // Limits: page[size] over 100 is capped at 100, limit over 200 at 200.
    expect((await sup(emu, "ticket_audits?page[size]=500")).json.audits).toHaveLength(100);
    expect((await sup(emu, "ticket_audits?limit=1000")).json.audits).toHaveLength(200);
  });

  it("tickets/{id}/metrics serves one ticket's metric, archived ones too; deleted or unknown → 404", async () => {
    const tickets = [...emu.records("tickets")];
    const live = tickets.find((t) => t.status === "open") as JsonRecord;
    const r = await sup(emu, `tickets/${live.id}/metrics.json`);
    expect(r.status).toBe(200);
    expect(r.json.ticket_metric).toEqual(
      asServed([...emu.records("ticket_metrics")].find((m) => m.ticket_id === live.id) as JsonRecord),
    );
    const age = (t: JsonRecord) => (emu.now().getTime() - Date.parse(String(t.updated_at))) / 86_400_000;
    const archived = tickets.find((t) => t.status === "closed" && age(t) > 121) as JsonRecord;
    expect((await sup(emu, `tickets/${archived.id}/metrics`)).json.ticket_metric.ticket_id).toBe(archived.id);
    const deleted = tickets.find((t) => t.status === "deleted") as JsonRecord;
    const gone = await sup(emu, `tickets/${deleted.id}/metrics`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toBe("RecordNotFound");
    expect((await sup(emu, "tickets/1/metrics")).status).toBe(404);
    expect(emu.stats().byEndpoint["support/tickets/{id}/metrics"]).toBeGreaterThanOrEqual(4);
  });

  it("include=metric_sets: each page's metric sets in a top-level list; none for deleted or archived tickets", async () => {
    const read = await followCursorExport(
      emu,
      "tickets",
      "incremental/tickets/cursor.json?start_time=0&per_page=50&include=metric_sets",
    );
    expect(read.items).toEqual([...emu.records("tickets")]);
    const want = new Map([...emu.records("ticket_metrics")].map((m) => [m.ticket_id, m]));
    let sets = 0;
    for (const page of read.pages) {
      expect(Array.isArray(page.metric_sets)).toBe(true);
      const onPage = new Set(page.tickets.map((t: JsonRecord) => t.id));
      for (const set of page.metric_sets as JsonRecord[]) {
        expect(onPage.has(set.ticket_id)).toBe(true);
        expect(set).toEqual(asServed(want.get(set.ticket_id) as JsonRecord));
        sets += 1;
      }
      // Deleted and archived tickets (not in records("ticket_metrics")) come without one.
      for (const ticket of page.tickets as JsonRecord[]) {
        const has = (page.metric_sets as JsonRecord[]).some((m) => m.ticket_id === ticket.id);
        expect(has).toBe(want.has(ticket.id));
      }
    }
    expect(sets).toBe(want.size);
    // Without include, no side-load; an include the emulated export does not serve is a 400.
    const plain = await sup(emu, "incremental/tickets/cursor.json?start_time=0");
    expect(plain.json.metric_sets).toBeUndefined();
    const bad = await sup(emu, "incremental/tickets/cursor.json?start_time=0&include=metric_sets,users");
    expect([bad.status, bad.json.error]).toEqual([400, "InvalidValue"]);
    // The no_sideload fault: the page keeps its tickets and leaves out what include asked for.
    emu.faults.add({ kind: "no_sideload", endpoint: "support/incremental/tickets/cursor" });
    const omitted = await sup(emu, "incremental/tickets/cursor.json?start_time=0&include=metric_sets");
    expect([omitted.status, omitted.json.metric_sets, omitted.json.tickets.length > 0]).toEqual([
      200,
      undefined,
      true,
    ]);
  });

  it("every chat's zendesk_ticket_id is an emulated ticket", () => {
    const tickets = new Set([...emu.records("tickets")].map((t) => t.id));
    const linked = [...emu.records("chats")].map((c) => c.zendesk_ticket_id).filter((id) => id !== null);
    expect(linked.length).toBeGreaterThan(50);
    for (const id of linked) expect(tickets.has(id)).toBe(true);
    const viaChat = [...emu.records("tickets")].filter(
      (t) => (t.via as { channel: string }).channel === "chat",
    );
    expect(new Set(viaChat.map((t) => t.id))).toEqual(new Set(linked));
  });

  it("same seed, same data; another seed, other data", async () => {
    const a = await startEmulator({
      seed: 3,
      chats: 200,
      support: { tickets: 400, users: 150, organizations: 40 },
    });
    const b = await startEmulator({ seed: 4, chats: 200 });
    try {
      const strip = (r: JsonRecord[]) => JSON.stringify(r).replaceAll(/127\.0\.0\.1:\d+/g, "host");
      for (const r of ["tickets", "users", "organizations", "ticket_audits", "tags", "macros"] as const) {
        expect(strip([...a.records(r)])).toBe(strip([...emu.records(r)]));
      }
      expect(strip([...b.records("tickets")])).not.toBe(strip([...a.records("tickets")]));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
