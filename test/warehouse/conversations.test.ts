import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { RawRun } from "../helpers/cli.js";
import { START_DATE, supportConfig, withEmulator } from "../helpers/emulator.js";
import { query, syncSetup } from "./helpers.js";

// Issue #25: `sync --to duckdb:` builds the views `conversations` and `conversation_messages` over
// the legacy Chat tables (chats, chat_history) and the ticket audits' chat tables (ticket_chats,
// ticket_chat_events). The numbers are computed here from the emulator's chats and audits, not
// with the connector's code or SQL.

type Row = Record<string, unknown>;

interface Conversation {
  conversation_key: string;
  source: string;
  channel: string;
  ticket_id: number | null;
  conversation_id: string | null;
  started_at: number | null;
  ended_at: number | null;
  first_reply_at: number | null;
  first_reply_seconds: number | null;
  messages: number | null;
  agent_ids: string[];
  rating: string | null;
}

/** The first agent message after the first visitor message (ms), and the seconds between them. */
function firstReply(messages: Array<{ at: number; role: string }>): [number | null, number | null] {
  const visitor = messages.filter((m) => m.role === "visitor").map((m) => m.at);
  if (visitor.length === 0) return [null, null];
  const first = Math.min(...visitor);
  const replies = messages.filter((m) => m.role === "agent" && m.at > first).map((m) => m.at);
  if (replies.length === 0) return [null, null];
  const reply = Math.min(...replies);
  return [reply, (reply - first) / 1000];
}

/** The emulator's legacy chats as conversations (timestamps in ms). */
function legacyConversations(emulator: Emulator, withHistory: boolean): Conversation[] {
  return [...emulator.records("chats")].map((chat) => {
    const history = (chat.history as Row[] | null) ?? [];
    const messages = history
      .filter((h) => h.type === "chat.msg")
      .map((h) => ({
        at: Date.parse(h.timestamp as string),
        role:
          h.nick === "visitor"
            ? "visitor"
            : h.nick === "agent:trigger"
              ? "bot"
              : String(h.nick).startsWith("agent:")
                ? "agent"
                : "",
      }));
    const [replyAt, replySeconds] = withHistory ? firstReply(messages) : [null, null];
    const started = Date.parse(chat.timestamp as string);
    return {
      conversation_key: chat.id as string,
      source: "chats",
      channel: "chat",
      ticket_id: (chat.zendesk_ticket_id as number | null) ?? null,
      conversation_id: null,
      started_at: started,
      ended_at: started + ((chat.duration as number | null) ?? 0) * 1000,
      first_reply_at: replyAt,
      first_reply_seconds: replySeconds,
      messages: (chat.count as { total: number } | null)?.total ?? null,
      agent_ids: [...((chat.agent_ids as string[] | null) ?? [])].sort(),
      rating: (chat.rating as string | null) ?? null,
    };
  });
}

/** The chat and messaging sessions of the emulator's audits (from the start date) as conversations. */
function ticketConversations(emulator: Emulator): Conversation[] {
  const start = Date.parse(START_DATE);
  const out: Conversation[] = [];
  for (const audit of emulator.records("ticket_audits")) {
    if (Date.parse(audit.created_at as string) < start) continue;
    for (const event of audit.events as Row[]) {
      if (event.type !== "ChatStartedEvent") continue;
      const value = event.value as Row;
      const history = value.history as Row[];
      const times = history.map((h) => h.timestamp as number);
      const role = (h: Row) =>
        String(h.actor_id).startsWith("__")
          ? "bot"
          : h.actor_type === "agent"
            ? "agent"
            : h.actor_type === "end-user"
              ? "visitor"
              : "";
      const messages = history
        .filter((h) => h.type === "ChatMessage")
        .map((h) => ({ at: h.timestamp as number, role: role(h) }));
      const [replyAt, replySeconds] = firstReply(messages);
      const agents = new Set(
        history.filter((h) => role(h) === "agent").map((h) => String(h.actor_id).replace(/^agent:/, "")),
      );
      const ratings = history.filter((h) => h.type === "ChatRatingChanged");
      const lastRating = ratings.at(-1);
      out.push({
        conversation_key: value.chat_id as string,
        source: "ticket_chats",
        channel: value.channel as string,
        ticket_id: audit.ticket_id as number,
        conversation_id: (value.conversation_id as string | null) ?? null,
        started_at: times.length > 0 ? Math.min(...times) : null,
        ended_at: times.length > 0 ? Math.max(...times) : null,
        first_reply_at: replyAt,
        first_reply_seconds: replySeconds,
        messages: messages.length,
        agent_ids: [...agents].sort(),
        rating: lastRating ? ((lastRating.new_rating ?? lastRating.rating) as string) : null,
      });
    }
  }
  return out;
}

const byKey = (a: Conversation, b: Conversation) =>
  a.source.localeCompare(b.source) || a.conversation_key.localeCompare(b.conversation_key);

/** The conversations view, numbers as numbers and timestamps in ms. */
async function conversationsOf(db: string): Promise<Conversation[]> {
  const rows = await query(
    db,
    `SELECT conversation_key, source, channel, CAST(ticket_id AS DOUBLE) AS ticket_id, conversation_id,
       epoch_ms(started_at) AS started_at, epoch_ms(ended_at) AS ended_at,
       epoch_ms(first_reply_at) AS first_reply_at, first_reply_seconds,
       CAST(messages AS INTEGER) AS messages, agent_ids, rating
     FROM conversations`,
  );
  return rows
    .map((r) => {
      const row = Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
      ) as unknown as Conversation;
      return { ...row, agent_ids: [...(row.agent_ids ?? [])] };
    })
    .sort(byKey);
}

/** Row by row, so that a difference names its conversation. */
function expectSame(got: Conversation[], want: Conversation[]) {
  expect(got.map((c) => `${c.source} ${c.conversation_key}`)).toEqual(
    want.map((c) => `${c.source} ${c.conversation_key}`),
  );
  for (const [i, row] of got.entries()) expect(row, `${row.source} ${row.conversation_key}`).toEqual(want[i]);
}

describe("sync --to duckdb: the conversations and conversation_messages views", () => {
  let emulator: Emulator;
  let all: ReturnType<typeof syncSetup>;
  let ticketOnly: ReturnType<typeof syncSetup>;
  let chatsOnly: ReturnType<typeof syncSetup>;
  let neither: ReturnType<typeof syncSetup>;
  const runs: RawRun[] = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2503, chats: 250, support: { tickets: 700 } });
    const config = supportConfig(emulator);
    all = syncSetup(emulator, config);
    runs.push(await all.sync(["--streams", "chats,chat_history,ticket_chats,ticket_chat_events"]));
    ticketOnly = syncSetup(emulator, config);
    runs.push(await ticketOnly.sync(["--streams", "ticket_chats,ticket_chat_events"]));
    chatsOnly = syncSetup(emulator, config);
    runs.push(await chatsOnly.sync(["--streams", "chats"]));
    neither = syncSetup(emulator, config);
    runs.push(await neither.sync(["--streams", "groups"]));
  }, 180_000);
  afterAll(() => emulator?.close());

  it("every sync succeeds", () => {
    for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
  });

  it("conversations: one row per legacy chat and per ticket chat or messaging session, with the emulator's numbers", async () => {
    const want = [...legacyConversations(emulator, true), ...ticketConversations(emulator)].sort(byKey);
    const got = await conversationsOf(all.db);
    expect(want.filter((c) => c.source === "ticket_chats").length).toBeGreaterThan(50);
    expect(new Set(want.map((c) => c.channel))).toEqual(new Set(["chat", "native_messaging"]));
    expect(want.some((c) => c.first_reply_at !== null && c.source === "ticket_chats")).toBe(true);
    expect(want.some((c) => c.rating !== null && c.source === "ticket_chats")).toBe(true);
    expectSame(got, want);
  });

  it("conversation_messages: every history entry of both kinds, classified", async () => {
    const rows = await query(
      all.db,
      `SELECT source, kind, author_role, count(*) AS n FROM conversation_messages GROUP BY ALL`,
    );
    const count = (source: string, kind?: string, role?: string) =>
      rows
        .filter((r) => r.source === source && (!kind || r.kind === kind) && (!role || r.author_role === role))
        .reduce((n, r) => n + Number(r.n), 0);
    const chats = [...emulator.records("chats")].flatMap((c) => (c.history as Row[] | null) ?? []);
    expect(count("chats")).toBe(chats.length);
    expect(count("chats", "message")).toBe(chats.filter((h) => h.type === "chat.msg").length);
    const start = Date.parse(START_DATE);
    const entries = [...emulator.records("ticket_audits")]
      .filter((a) => Date.parse(a.created_at as string) >= start)
      .flatMap((a) => (a.events as Row[]).filter((e) => e.type === "ChatStartedEvent"))
      .flatMap((e) => (e.value as Row).history as Row[]);
    expect(count("ticket_chats")).toBe(entries.length);
    for (const [type, kind] of [
      ["ChatMessage", "message"],
      ["ChatFileAttachment", "file"],
      ["ChatDepartmentTransfer", "transfer"],
      ["ChatRatingChanged", "rating"],
    ] as const)
      expect(count("ticket_chats", kind), type).toBe(entries.filter((e) => e.type === type).length);
    const bots = entries.filter((e) => e.type === "ChatMessage" && e.actor_id === "__system").length;
    expect(bots).toBeGreaterThan(0);
    expect(count("ticket_chats", "message", "bot")).toBe(bots);
  });

  it("a missing source table contributes no rows: ticket tables alone, chats alone (no history), neither", async () => {
    expectSame(await conversationsOf(ticketOnly.db), ticketConversations(emulator).sort(byKey));
    expectSame(await conversationsOf(chatsOnly.db), legacyConversations(emulator, false).sort(byKey));
    expect(await conversationsOf(neither.db)).toEqual([]);
    expect(await query(neither.db, "SELECT * FROM conversation_messages")).toEqual([]);
    const onlyTickets = await query(ticketOnly.db, "SELECT DISTINCT source FROM conversation_messages");
    expect(onlyTickets).toEqual([{ source: "ticket_chats" }]);
  });

  it("the README's example query runs on the file: both channels, a median first reply", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("**Every conversation in one place.**"));
    const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1] as string;
    expect(sql).toContain("FROM conversations");
    const rows = await query(all.db, sql);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["chat", "native_messaging"]));
    for (const row of rows) expect(Number(row.median_first_reply_s)).toBeGreaterThan(0);
  });
});
