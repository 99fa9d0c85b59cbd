import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import {
  type AuditRef,
  type EventTicket,
  ticketEventsEndpoint,
} from "../../emulator/support/ticket-events.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { followList, sup } from "../emulator/support-helpers.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  readFrom,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";

// The behaviours of the Support depth tables that the registry-driven suites (support.test.ts,
// reliability/support-*.test.ts) do not see: what each row is made of, the parameters sent, the
// scope, the one-minute rule.

type Row = Record<string, unknown>;

describe("ticket_comments: the comment events of the ticket events export", () => {
  let emulator: Emulator;
  let sync1: RunResult;
  let sync2: RunResult;
  let sync3: RunResult;
  let sync2Now = 0;
  const queries: URLSearchParams[] = [];
  const deletedTickets = new Set<unknown>();

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 31, chats: 80, support: { tickets: 1500 } });
    emulator.onRequest(({ endpoint, query }) => {
      if (endpoint === "support/incremental/ticket_events") queries.push(new URLSearchParams(query));
    });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["ticket_audits", "ticket_comments"], "incremental");
    sync1 = await readFrom(emulator, { config, catalog });
    emulator.advance({ seconds: 3600, newTickets: 25, updatedTickets: 60, deletedTickets: 6 });
    for (const t of emulator.records("tickets")) if (t.status === "deleted") deletedTickets.add(t.id);
    sync2Now = Math.floor(emulator.now().getTime() / 1000);
    sync2 = await readFrom(emulator, { config, catalog, state: finalStates(sync1) });
    emulator.advance({ seconds: 3600 });
    sync3 = await readFrom(emulator, { config, catalog, state: finalStates(sync2) });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("every sync exits 0 without a request the real API would not expect", () => {
    for (const run of [sync1, sync2, sync3]) expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("each comment is its audit's Comment event (id, author, body, public, attachments), with the audit's ticket and time; messaging tickets' comments are not there", () => {
    const audits = sync1.records("ticket_audits");
    const comments = new Map(sync1.records("ticket_comments").map((c) => [c.id, c]));
    // Agent-handled messaging tickets' comments are not in the ticket events export (their audits
    // are); AI-agent tickets' are, asked with support_type_scope=all (emulator/support/ticket-events.ts).
    const messaging = new Set(
      [...emulator.records("tickets")]
        .filter(
          (t) => (t.via as Row | undefined)?.channel === "native_messaging" && t.support_type !== "ai_agent",
        )
        .map((t) => t.id),
    );
    expect(messaging.size).toBeGreaterThan(0);
    let checked = 0;
    let leftOut = 0;
    for (const audit of audits) {
      for (const event of audit.events as Row[]) {
        if (event.type !== "Comment") continue;
        const comment = comments.get(event.id);
        if (messaging.has(audit.ticket_id)) {
          expect(comment, `messaging ticket ${audit.ticket_id}'s comment ${event.id}`).toBeUndefined();
          leftOut += 1;
          continue;
        }
        expect(comment, `comment ${event.id} of audit ${audit.id}`).toBeDefined();
        const { id, author_id, body, public: isPublic, attachments } = comment as Row;
        expect({ id, author_id, body, public: isPublic, attachments }).toEqual({
          id: event.id,
          author_id: event.author_id,
          body: event.body,
          public: event.public,
          attachments: event.attachments,
        });
        expect(comment).toMatchObject({
          audit_id: audit.id,
          ticket_id: audit.ticket_id,
          created_at: audit.created_at,
          timestamp: Math.floor((toEpochMicros(audit.created_at) as number) / 1e6),
          event_type: "Comment",
          plain_body: event.body,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(leftOut).toBeGreaterThan(0);
  });

  it("a child event's via that is not an object (a channel name) becomes null, as in Airbyte's rows", () => {
    const rows = sync1.records("ticket_comments");
    expect(rows.filter((c) => c.via === null).length).toBeGreaterThan(100);
    expect(rows.filter((c) => typeof c.via === "object" && c.via !== null).length).toBeGreaterThan(100);
    expect(rows.filter((c) => typeof c.via === "string")).toEqual([]);
  });

  it("every request asks for the comments and for every kind of ticket (include, support_type_scope=all), next pages too", () => {
    expect(queries.length).toBeGreaterThan(3);
    for (const query of queries) {
      expect(query.get("include")).toBe("comment_events");
      expect(query.get("support_type_scope")).toBe("all");
    }
  });

  it("AI-agent tickets' comments are there (the export's default scope would leave them out)", () => {
    const aiTickets = new Set(
      [...emulator.records("tickets")].filter((t) => t.support_type === "ai_agent").map((t) => t.id),
    );
    expect(aiTickets.size).toBeGreaterThan(10);
    const rows = [sync1, sync2, sync3].flatMap((run) => run.records("ticket_comments"));
    expect(new Set(rows.filter((c) => aiTickets.has(c.ticket_id)).map((c) => c.ticket_id)).size).toBe(
      aiTickets.size,
    );
  });

  it("the last minute's comments wait for the next sync, which brings exactly them; the merge is the API's records", () => {
    const lastMinute = (c: Row) => (c.timestamp as number) > sync2Now - 60;
    expect(sync2.records("ticket_comments").filter(lastMinute)).toEqual([]);
    expect(sync3.records("ticket_comments").filter(lastMinute).length).toBeGreaterThan(0);
    const merged = dedupMerge("ticket_comments", sync1, sync2, sync3);
    const want = expectedRecords(emulator, "ticket_comments");
    expect(merged.size).toBe(want.length);
    for (const record of want) expect(merged.get(keyOf("ticket_comments", record))).toEqual(record);
    // No record twice across the syncs: each comment comes once.
    const all = [sync1, sync2, sync3].flatMap((run) => run.records("ticket_comments"));
    expect(all.length).toBe(want.length);
  });

  it("no deletion marker: a deleted ticket's comments stay in the export (and in the table)", () => {
    expect(deletedTickets.size).toBeGreaterThan(0);
    const rows = expectedRecords(emulator, "ticket_comments");
    expect(rows.filter((c) => deletedTickets.has(c.ticket_id)).length).toBeGreaterThan(0);
  });
});

describe("the emulated ticket events export: scope and messaging tickets", () => {
  // Three tickets, one audit each: a chat ticket, an AI-agent ticket and a messaging ticket.
  const tickets: EventTicket[] = [
    { id: 1, audits: [1_000], aiAgent: false, via: "chat" },
    { id: 2, audits: [1_001], aiAgent: true, via: "native_messaging" },
    { id: 3, audits: [1_002], aiAgent: false, via: "native_messaging" },
  ];
  const data = {
    ticketOrder: () => tickets,
    nowSec: () => 10_000,
    auditRecord: (a: AuditRef<EventTicket>) => ({
      author_id: 5,
      created_at: new Date(a.sec * 1000).toISOString().replace(".000", ""),
      events: [
        { attachments: [], author_id: 5, body: "Hi", id: a.id * 10 + 1, public: true, type: "Comment" },
      ],
      id: a.id,
      metadata: { system: {} },
      ticket_id: a.ticket.id,
      via: { channel: a.ticket.via, source: {} },
    }),
  };
  const read = (query: string) => {
    const response = ticketEventsEndpoint(data, new URLSearchParams(query), { baseUrl: "http://x/api/v2" });
    return response.body as { ticket_events: Row[]; end_of_stream: boolean; next_page: string };
  };

  it("agent (the default) has the chat ticket, ai_agent the AI-agent ticket, all both; the messaging ticket never", () => {
    const ticketsOf = (query: string) => read(`start_time=0${query}`).ticket_events.map((e) => e.ticket_id);
    expect(ticketsOf("")).toEqual([1]);
    expect(ticketsOf("&support_type_scope=agent")).toEqual([1]);
    expect(ticketsOf("&support_type_scope=ai_agent")).toEqual([2]);
    expect(ticketsOf("&support_type_scope=all")).toEqual([1, 2]);
  });

  it("comments only with include=comment_events; next_page keeps neither parameter", () => {
    const without = read("start_time=0&support_type_scope=all").ticket_events[0] as Row;
    expect((without.child_events as Row[]).map((c) => c.event_type)).toEqual([]);
    const withComments = read("start_time=0&support_type_scope=all&include=comment_events");
    expect(((withComments.ticket_events[0] as Row).child_events as Row[]).map((c) => c.event_type)).toEqual([
      "Comment",
    ]);
    expect(withComments.end_of_stream).toBe(true);
    expect(new URL(withComments.next_page).search).toBe("?start_time=1001");
  });

  it("a start_time within the last minute, a bad scope or another include → 400", () => {
    for (const query of [
      "start_time=9950",
      "start_time=0&support_type_scope=x",
      "start_time=0&include=users",
    ]) {
      const response = ticketEventsEndpoint(data, new URLSearchParams(query), { baseUrl: "http://x" });
      expect([query, response.status]).toEqual([query, 400]);
    }
  });
});

describe("satisfaction_ratings: a list read whole, changing while it is read and between syncs", () => {
  let emulator: Emulator;
  const runs: RunResult[] = [];
  const atFirst = new Map<unknown, Row>();

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 32, chats: 40, support: { tickets: 2500 } });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["satisfaction_ratings"], "incremental");
    runs.push(await readFrom(emulator, { config, catalog }));
    for (const r of runs[0]?.records("satisfaction_ratings") ?? []) atFirst.set(r.id, r);
    emulator.advance({ seconds: 3600, updatedTickets: 300, deletedTickets: 20 });
    // Ratings change again while the second sync pages through the list.
    const stop = emulator.onRequest(({ endpoint, n }) => {
      if (endpoint === "support/satisfaction_ratings" && n === 2)
        emulator.advance({ seconds: 600, updatedTickets: 300, deletedTickets: 10 });
    });
    emulator.resetStats();
    runs.push(await readFrom(emulator, { config, catalog, state: finalStates(runs[0] as RunResult) }));
    stop();
    emulator.advance({ seconds: 3600 });
    runs.push(await readFrom(emulator, { config, catalog, state: finalStates(runs[1] as RunResult) }));
  }, 120_000);
  afterAll(() => emulator?.close());

  it("every sync exits 0 without a request the real API would not expect; the list has several pages", () => {
    for (const run of runs) expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
    expect(atFirst.size).toBeGreaterThan(300);
  });

  it("the merged syncs hold every current rating exactly; what else they hold are ratings of deleted tickets (no marker)", () => {
    const merged = dedupMerge("satisfaction_ratings", ...runs);
    const want = expectedRecords(emulator, "satisfaction_ratings");
    for (const record of want) expect(merged.get(keyOf("satisfaction_ratings", record))).toEqual(record);
    const current = new Set(want.map((r) => r.id));
    const deleted = new Set(
      [...emulator.records("tickets")].filter((t) => t.status === "deleted").map((t) => t.id),
    );
    const gone = [...merged.values()].filter((r) => !current.has(r.id));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.filter((r) => !deleted.has(r.ticket_id))).toEqual([]);
  });

  it("a rating given again (its score changed) comes with a later sync, with its new updated_at", () => {
    const changed = [
      ...(runs[1] as RunResult).records("satisfaction_ratings"),
      ...(runs[2] as RunResult).records("satisfaction_ratings"),
    ].filter((r) => atFirst.has(r.id) && (atFirst.get(r.id) as Row).score !== r.score);
    expect(changed.length).toBeGreaterThan(10);
    for (const r of changed)
      expect(toEpochMicros(r.updated_at)).toBeGreaterThan(
        toEpochMicros((atFirst.get(r.id) as Row).updated_at) as number,
      );
  });

  it("later syncs bring the changes, not the list again; each reads the whole list (no time filter is trusted)", () => {
    const second = (runs[1] as RunResult).records("satisfaction_ratings").length;
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThan(atFirst.size / 2);
    const pages = Math.ceil(expectedRecords(emulator, "satisfaction_ratings").length / 100);
    expect(pages).toBeGreaterThan(2);
  });
});

describe("the emulated satisfaction_ratings list: filters", () => {
  it("score and start_time (on created_at) filter, oldest first; an unknown score or sort → 400", async () => {
    const emu = await withEmulator({ seed: 33, chats: 5, support: { tickets: 400 } });
    try {
      const all = [...emu.records("satisfaction_ratings")];
      expect(new Set(all.map((r) => r.score))).toEqual(new Set(["offered", "good", "bad", "unoffered"]));
      const created = all.map((r) => String(r.created_at));
      expect(created).toEqual([...created].sort());
      expect(all.every((r) => typeof r.ticket_id === "number")).toBe(true);
      const bad = await followList(
        emu,
        "satisfaction_ratings",
        "satisfaction_ratings.json?score=bad&page%5Bsize%5D=10",
      );
      expect(bad.items).toEqual(all.filter((r) => r.score === "bad"));
      const middle = Math.floor((toEpochMicros(all[Math.floor(all.length / 2)]?.created_at) as number) / 1e6);
      const since = await followList(
        emu,
        "satisfaction_ratings",
        `satisfaction_ratings.json?start_time=${middle}&page%5Bsize%5D=100`,
      );
      expect(since.items).toEqual(all.filter((r) => (toEpochMicros(r.created_at) as number) / 1e6 >= middle));
      for (const query of ["score=great", "sort=-created_at", "start_time=yesterday"])
        expect([query, (await sup(emu, `satisfaction_ratings.json?${query}`)).status]).toEqual([query, 400]);
    } finally {
      await emu.close();
    }
  });
});

describe("ticket_metric_events: the chronological time export from a start time", () => {
  let emulator: Emulator;
  let sync1: RunResult;
  let sync2: RunResult;
  let sync2Now = 0;
  const queries: URLSearchParams[] = [];
  let deletedAfterSync1: Set<unknown>;

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 34, chats: 30, support: { tickets: 600 } });
    emulator.onRequest(({ endpoint, query }) => {
      if (endpoint === "support/incremental/ticket_metric_events") queries.push(new URLSearchParams(query));
    });
    const config = supportConfig(emulator);
    const catalog = catalogFor(["ticket_metric_events"], "incremental");
    sync1 = await readFrom(emulator, { config, catalog });
    const before = new Set(
      [...emulator.records("tickets")].filter((t) => t.status === "deleted").map((t) => t.id),
    );
    emulator.advance({ seconds: 3600, newTickets: 30, updatedTickets: 80, deletedTickets: 8 });
    deletedAfterSync1 = new Set(
      [...emulator.records("tickets")]
        .filter((t) => t.status === "deleted" && !before.has(t.id))
        .map((t) => t.id),
    );
    sync2Now = Math.floor(emulator.now().getTime() / 1000);
    sync2 = await readFrom(emulator, { config, catalog, state: finalStates(sync1) });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("both syncs exit 0 without a request the real API would not expect; the time mode, 1000 a page, next_page followed", () => {
    for (const run of [sync1, sync2]) expect([run.exitCode, run.logs("ERROR")]).toEqual([0, []]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
    expect(queries.length).toBeGreaterThan(4);
    for (const query of queries) {
      expect(query.get("per_page")).toBe("1000");
      expect(query.has("start_time")).toBe(true);
      expect(query.has("page[size]")).toBe(false);
    }
    // No end_of_stream in this mode: the read ends on the page that brings nothing new.
    expect(sync1.records("ticket_metric_events").length).toBeGreaterThan(5000);
  });

  it("events follow the tickets: activate at creation, SLAs of the account's policies, breach only after the target passed", () => {
    const events = sync1.records("ticket_metric_events");
    const tickets = new Map([...emulator.records("tickets")].map((t) => [t.id, t]));
    const policies = new Set([...emulator.records("sla_policies")].map((p) => p.id));
    const slas = events.filter((e) => e.type === "apply_sla");
    expect(slas.length).toBeGreaterThan(100);
    for (const e of slas) expect(policies.has((e.sla as { policy: { id: number } }).policy.id)).toBe(true);
    for (const e of events.filter((x) => x.type === "activate"))
      expect(e.time).toBe((tickets.get(e.ticket_id) as Row).created_at);
    for (const e of events.filter((x) => x.type === "breach")) {
      const sla = slas.find((s) => s.ticket_id === e.ticket_id && s.metric === "reply_time") as Row;
      const target = (sla.sla as { target: number }).target;
      expect(toEpochMicros(e.time)).toBe((toEpochMicros(sla.time) as number) + target * 60e6);
    }
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(["activate", "apply_sla", "breach", "fulfill", "update_status", "pause"]),
    );
  });

  it("the last minute waits for the next sync; the merge is the API's records (a deleted ticket's events aside: their flag turned)", () => {
    expect(
      sync2
        .records("ticket_metric_events")
        .filter((e) => (toEpochMicros(e.time) as number) > (sync2Now - 60) * 1e6),
    ).toEqual([]);
    const merged = dedupMerge("ticket_metric_events", sync1, sync2);
    const now = emulator.now().getTime() * 1000 - 60e6;
    const want = expectedRecords(emulator, "ticket_metric_events").filter(
      (e) => (toEpochMicros(e.time) as number) <= now,
    );
    const wanted = new Set(want.map((r) => keyOf("ticket_metric_events", r)));
    expect(
      [...merged.values()].filter((r) => !wanted.has(keyOf("ticket_metric_events", r))).slice(0, 3),
    ).toEqual([]);
    expect(merged.size).toBe(want.length);
    let flagged = 0;
    for (const record of want) {
      const got = merged.get(keyOf("ticket_metric_events", record)) as Row;
      if (deletedAfterSync1.has(record.ticket_id) && got.deleted !== record.deleted) {
        // Read before the deletion: the destination keeps deleted: false (documented limit).
        expect([got.deleted, record.deleted]).toEqual([false, true]);
        flagged += 1;
        continue;
      }
      expect(got).toEqual(record);
    }
    expect(flagged).toBeGreaterThan(0);
  });
});
