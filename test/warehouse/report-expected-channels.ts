// The numbers of the report's conversations, CSAT and SLA sections, computed here from the
// emulator's records in plain TypeScript (no SQL): the legacy chats and their history, the chat and
// messaging sessions of the ticket audits, the satisfaction ratings, the metric events.
import type { Emulator } from "../../emulator/index.js";
import { expectedRecords, START_DATE } from "../helpers/emulator.js";
import { add, average, type Expected, grouped, median, week } from "./report-expected.js";

// biome-ignore lint/suspicious/noExplicitAny: emulator records are plain JSON.
type Rec = any;

/** A conversation as the report counts it. */
interface Talk {
  started: number;
  channel: string;
  handledBy: string;
  firstReply: number | null;
  messages: number | null;
}

/** Seconds from the first visitor message to the first agent message after it. */
function firstReply(messages: Array<{ at: number; role: string }>): number | null {
  const visitor = messages.filter((m) => m.role === "visitor").map((m) => m.at);
  if (visitor.length === 0) return null;
  const first = Math.min(...visitor);
  const replies = messages.filter((m) => m.role === "agent" && m.at > first).map((m) => m.at);
  return replies.length === 0 ? null : (Math.min(...replies) - first) / 1000;
}

const handler = (agents: number, bot: boolean) =>
  agents > 0 ? "agent" : bot ? "bot or AI agent" : "no answer";

/** Legacy chats (with their history, chat_history synced) and the audits' chat and messaging sessions since the start date. */
export function conversationsOf(emulator: Emulator): Talk[] {
  const chats: Rec[] = [...emulator.records("chats")];
  const legacy = chats.map((chat): Talk => {
    const messages = (chat.history ?? [])
      .filter((h: Rec) => h.type === "chat.msg")
      .map((h: Rec) => {
        const nick = String(h.nick ?? "");
        const role =
          nick === "visitor" || nick.startsWith("visitor:")
            ? "visitor"
            : nick === "agent:trigger"
              ? "bot"
              : nick.startsWith("agent:")
                ? "agent"
                : "";
        return { at: Date.parse(h.timestamp), role };
      });
    return {
      started: Date.parse(chat.timestamp),
      channel: "legacy chat",
      handledBy: handler(
        (chat.agent_ids ?? []).length,
        messages.some((m: Rec) => m.role === "bot"),
      ),
      firstReply: firstReply(messages),
      messages: chat.count?.total ?? null,
    };
  });
  const chatIds = new Set(chats.map((c) => c.id));
  const start = Date.parse(START_DATE);
  const sessions: Talk[] = [];
  for (const audit of emulator.records("ticket_audits") as Iterable<Rec>) {
    if (Date.parse(audit.created_at) < start) continue;
    for (const event of audit.events) {
      if (event.type !== "ChatStartedEvent" || chatIds.has(event.value.chat_id)) continue;
      const history: Rec[] = event.value.history ?? [];
      if (history.length === 0) continue;
      const role = (h: Rec) =>
        String(h.actor_id ?? "").startsWith("__") || h.original_message?.author?.type === "BUSINESS"
          ? "bot"
          : h.actor_type === "agent" || String(h.actor_id ?? "").startsWith("agent:")
            ? "agent"
            : h.actor_type === "end-user"
              ? "visitor"
              : "";
      const messages = history
        .filter((h) => h.type === "ChatMessage")
        .map((h) => ({ at: h.timestamp as number, role: role(h) }));
      const agents = history.filter(
        (h) => role(h) === "agent" && String(h.actor_id ?? "").replace(/^agent:/, ""),
      );
      const channel = event.value.channel === "native_messaging" ? "messaging" : "chat in Support";
      sessions.push({
        started: Math.min(...history.map((h) => h.timestamp as number)),
        channel,
        handledBy: handler(
          agents.length,
          messages.some((m) => m.role === "bot"),
        ),
        firstReply: firstReply(messages),
        messages: messages.length,
      });
    }
  }
  return [...legacy, ...sessions];
}

export function conversationExpectations(emulator: Emulator, expected: Expected): Expected {
  const talks = conversationsOf(emulator);
  const byWeek = (t: Talk) => week(new Date(t.started).toISOString());
  const size = (g: Talk[]) => g.length;
  const file = "conversations/conversations.sql";
  for (const c of new Set(talks.map((t) => t.channel)))
    add(
      expected,
      file,
      "week",
      c,
      grouped(
        talks.filter((t) => t.channel === c),
        byWeek,
        size,
      ),
    );
  for (const h of new Set(talks.map((t) => t.handledBy)))
    add(
      expected,
      file,
      "channel",
      h,
      grouped(
        talks.filter((t) => t.handledBy === h),
        (t) => t.channel,
        size,
      ),
    );
  const replied = talks.filter((t) => t.firstReply !== null);
  const frt = (g: Talk[]) => median(g.map((t) => t.firstReply as number));
  if (replied.length > 0) {
    add(expected, "conversations/first_reply_time.sql", "week", "value", grouped(replied, byWeek, frt));
    add(
      expected,
      "conversations/first_reply_time.sql",
      "channel",
      "value",
      grouped(replied, (t) => t.channel, frt),
    );
  }
  const counted = talks.filter((t) => t.messages !== null);
  const messages = (g: Talk[]) => average(g.map((t) => t.messages as number));
  add(expected, "conversations/messages.sql", "week", "value", grouped(counted, byWeek, messages));
  add(
    expected,
    "conversations/messages.sql",
    "channel",
    "value",
    grouped(counted, (t) => t.channel, messages),
  );
  return expected;
}

export function csatExpectations(emulator: Emulator, expected: Expected): Expected {
  const tickets = new Map<number, Rec>(expectedRecords(emulator, "tickets").map((t: Rec) => [t.id, t]));
  const ratings: Rec[] = expectedRecords(emulator, "satisfaction_ratings");
  const channel = (r: Rec) =>
    tickets.has(r.ticket_id)
      ? (tickets.get(r.ticket_id).via?.channel ?? "(unknown)")
      : "(ticket not in file)";
  const byWeek = (r: Rec) => week(r.created_at);
  const scored = ratings.filter((r) => r.score === "good" || r.score === "bad");
  const good = (g: Rec[]) => (100 * g.filter((r) => r.score === "good").length) / g.length;
  add(expected, "csat/csat.sql", "week", "value", grouped(scored, byWeek, good));
  add(expected, "csat/csat.sql", "channel", "value", grouped(scored, channel, good));
  for (const score of new Set(ratings.map((r) => r.score ?? "(none)"))) {
    const these = ratings.filter((r) => (r.score ?? "(none)") === score);
    add(
      expected,
      "csat/responses.sql",
      "week",
      score,
      grouped(these, byWeek, (g) => g.length),
    );
    add(
      expected,
      "csat/responses.sql",
      "channel",
      score,
      grouped(these, channel, (g) => g.length),
    );
  }
  return expected;
}

export function slaExpectations(emulator: Emulator, expected: Expected): Expected {
  const events: Rec[] = expectedRecords(emulator, "ticket_metric_events").filter(
    (e: Rec) => e.deleted !== true,
  );
  const titles = new Map(expectedRecords(emulator, "sla_policies").map((p: Rec) => [p.id, p.title]));
  const key = (e: Rec) => `${e.ticket_id}|${e.metric}`;
  const breached = new Set(events.filter((e) => e.type === "breach").map(key));
  // Per ticket and metric, the latest apply_sla event.
  const applied = new Map<string, Rec>();
  for (const e of events.filter((e) => e.type === "apply_sla")) {
    const held = applied.get(key(e));
    if (!held || Date.parse(e.time) > Date.parse(held.time)) applied.set(key(e), e);
  }
  const targets = [...applied.values()].map((e) => ({
    week: week(e.time),
    metric: e.metric as string,
    policy: (titles.get(e.sla?.policy?.id) ?? e.sla?.policy?.title ?? "(unknown)") as string,
    breached: breached.has(key(e)),
  }));
  type Target = (typeof targets)[number];
  const rate = (g: Target[]) => (100 * g.filter((t) => t.breached).length) / g.length;
  add(
    expected,
    "sla/breach_rate.sql",
    "week",
    "value",
    grouped(targets, (t) => t.week, rate),
  );
  add(
    expected,
    "sla/breach_rate.sql",
    "policy",
    "value",
    grouped(targets, (t) => t.policy, rate),
  );
  for (const outcome of ["breached", "not breached"]) {
    const these = targets.filter((t) => (t.breached ? "breached" : "not breached") === outcome);
    if (these.length === 0) continue;
    add(
      expected,
      "sla/breaches_by_metric.sql",
      "week",
      outcome,
      grouped(
        these,
        (t) => t.week,
        (g) => g.length,
      ),
    );
    add(
      expected,
      "sla/breaches_by_metric.sql",
      "metric",
      outcome,
      grouped(
        these,
        (t) => t.metric,
        (g) => g.length,
      ),
    );
  }
  return expected;
}
