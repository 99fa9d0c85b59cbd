/**
 * The chat and messaging conversations of Support tickets: one deterministic generator (from the
 * seed, the ticket and the audit) that the ticket audits' chat events and the Conversation Log both
 * render from.
 *
 * A ticket whose `via` is `chat` (a legacy Zendesk Chat conversation that became a ticket) or
 * `native_messaging` (Zendesk Messaging) has a conversation of one or more sessions. Each session is
 * one `ChatStartedEvent` in one audit: the ticket's first audit always holds one, a later audit holds
 * one with some probability (a customer writing again appends a session, and so a new audit: audits
 * never change). The session's `history[]` ends at the audit's time (the audit is written when the
 * session ends; a legacy chat becomes a ticket when it ends).
 *
 * Shapes (docs/zendesk-support-api-notes.md, "Chat and messaging events in ticket audits"): the
 * event `{id, type: "ChatStartedEvent", value}` and the history entries' `chat_index`, `type`,
 * `message`, `filename`, `actor_id`, `actor_name`, `actor_type`, `timestamp` (epoch ms) are Zendesk's
 * own examples; the other fields (`conversation_id`, `backend`, `integration_id`, `initiator`,
 * `message_id`, `original_message`, `status`, `mime_type`, `size`, `url`, …) are modelled from
 * Fivetran's ticket_chat / ticket_chat_event columns. `department_id` and `visitor_name` are fields
 * no reference names: they stand for whatever else the API sends, which a connector must keep.
 */
import { hash, Rng } from "../random.js";
import type { JsonRecord } from "../types.js";
import type { Ticket } from "./data.js";

/** Who takes part in a ticket's conversation. */
export interface Participants {
  /** The agent who joins (the assignee, else the account's agent); null on AI-agent tickets. */
  agentId: number | null;
  /** A group the conversation may be transferred to. */
  transferGroupId: number | null;
}

/** One session: what audit `k` of the ticket holds. */
export interface ChatSession {
  ticketId: number;
  /** The audit's index in the ticket's audits. */
  k: number;
  chatId: string;
  channel: "chat" | "native_messaging";
  /** The ChatStartedEvent's value, history included. */
  value: JsonRecord;
  /** The history entries (the same array as value.history). */
  history: JsonRecord[];
}

const VISITOR_LINES = [
  "Hi, my order has not arrived yet.",
  "Can I change the delivery address?",
  "The discount code is not accepted.",
  "I was charged twice.",
  "Is this available in blue?",
  "Thanks, that helps.",
] as const;
const AGENT_LINES = [
  "Hello! Let me check that for you.",
  "I can see the order, one moment please.",
  "Done: you will get an email shortly.",
  "Is there anything else I can help with?",
] as const;
const BOT_LINES = [
  "Hi there! I'm the virtual assistant. How can I help?",
  "Here is an article that may help: Track your order.",
  "Did that answer your question?",
] as const;
const FILES = [
  { filename: "receipt.pdf", mime_type: "application/pdf" },
  { filename: "photo.jpg", mime_type: "image/jpeg" },
  { filename: "screenshot.png", mime_type: "image/png" },
] as const;

/** True when a ticket has a chat or messaging conversation. */
export function hasConversation(t: Ticket): boolean {
  return t.via === "chat" || t.via === "native_messaging";
}

/** The share of later audits of a conversation ticket that hold a new session. */
const LATER_SESSION_SHARE = 0.5;

/** Whether audit `k` of the ticket holds a session (always its first audit). */
function holdsSession(seed: number, t: Ticket, k: number): boolean {
  return k === 0 || Rng.from(seed, t.id * 1000 + k, 0xc4a7).chance(LATER_SESSION_SHARE);
}

/** A ULID-like id (26 characters of Crockford base32), deterministic from the numbers. */
export function ulid(a: number, b: number): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let out = "";
  for (let i = 0; i < 26; i++) out += alphabet[hash(a, b, i) % 32];
  return out;
}

/** The ticket's Sunshine conversation id (messaging; one per ticket, all its sessions share it). */
export function conversationId(seed: number, ticketId: number): string {
  return [0xc0, 0xc1, 0xc2].map((salt) => hash(seed, ticketId, salt).toString(16).padStart(8, "0")).join("");
}

/** The same object with its keys in alphabetical order (the emulator's records all are). */
function sorted(entry: JsonRecord): JsonRecord {
  return Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The session audit `k` (created at `auditSec`, epoch s) of ticket `t` holds, or null: none for a
 * ticket without a conversation, or an audit that holds no session.
 */
export function sessionOf(
  seed: number,
  t: Ticket,
  k: number,
  auditSec: number,
  people: Participants,
): ChatSession | null {
  if (!hasConversation(t) || !holdsSession(seed, t, k)) return null;
  const rng = Rng.from(seed, t.id * 1000 + k, 0xc4a8);
  const channel = t.via === "chat" ? "chat" : "native_messaging";
  const messaging = channel === "native_messaging";
  const visitorId = `${10_000 + (hash(seed, t.requester, 0x715) % 90_000)}-${hash(seed, t.requester, 0x716).toString(36)}`;
  const chatId = `${2100 + (t.id % 800)}.${10_502_823 + (hash(seed, 0xacc) % 1000)}.${hash(seed, t.id, k).toString(36)}${k}`;
  const endMs = auditSec * 1000;
  // Events walk forward from the session's start; the last one lands on the audit's time.
  const steps: Array<Omit<JsonRecord, "timestamp">> = [];
  const visitor = {
    actor_id: t.requester,
    actor_name: `Visitor ${t.requester % 100_000_000}`,
    actor_type: "end-user",
  };
  const bot = messaging && (t.aiAgent || (k === 0 && rng.chance(0.6)));
  const agentId = t.aiAgent ? null : people.agentId;
  // An agent's id sometimes comes as "agent:<id>" (Fivetran: "Very infrequently").
  const agentActor = (id: number) => ({
    actor_id: rng.chance(0.15) ? `agent:${id}` : id,
    actor_name: `Agent ${id % 1000}`,
    actor_type: "agent",
  });
  let messages = 0;
  const message = (actor: JsonRecord, text: string, extra: JsonRecord = {}) => {
    const entry: JsonRecord = { ...actor, type: "ChatMessage", message: text, ...extra };
    if (messaging) {
      entry.message_id = ulid(t.id * 1000 + k, messages);
      entry.message_source = "NATIVE_MESSAGING";
      entry.original_message_type = "text";
    }
    messages += 1;
    steps.push(entry);
    return entry;
  };
  if (!messaging) steps.push({ ...visitor, type: "ChatJoin" });
  if (bot) {
    for (const line of BOT_LINES.slice(0, t.aiAgent ? 3 : 1)) {
      const entry = message({ actor_id: "__system", actor_name: "Company Bot", actor_type: "system" }, line);
      entry.original_message = {
        author: { display_name: "Company Bot", type: "BUSINESS" },
        content: { text: { text: line } },
        id: entry.message_id,
        source: { type: "zd:answerBot" },
      };
      if (t.aiAgent) message(visitor, rng.pick(VISITOR_LINES));
    }
  }
  message(visitor, rng.pick(VISITOR_LINES));
  if (rng.chance(0.3)) {
    const file = rng.pick(FILES);
    const entry: JsonRecord = {
      ...visitor,
      type: "ChatFileAttachment",
      filename: file.filename,
      mime_type: file.mime_type,
      size: rng.int(2_000, 900_000),
      url: `https://example.zendesk.com/attachments/token/${hash(seed, t.id * 1000 + k, 0xf11).toString(36)}/?name=${file.filename}`,
    };
    if (messaging) entry.message_id = ulid(t.id * 1000 + k, 100 + messages);
    steps.push(entry);
  }
  if (agentId !== null) {
    const agent = agentActor(agentId);
    steps.push({ ...agent, type: "ChatJoin" });
    const replies = rng.int(1, 3);
    for (let i = 0; i < replies; i++) {
      const sent = message(agent, rng.pick(AGENT_LINES));
      if (messaging && rng.chance(0.5))
        steps.push({ ...visitor, type: "ChatMessageStatus", message_id: sent.message_id, status: "READ" });
      if (i < replies - 1) message(visitor, rng.pick(VISITOR_LINES));
    }
    if (people.transferGroupId !== null && rng.chance(0.15))
      steps.push({
        actor_id: "__system",
        actor_type: "system",
        type: "ChatDepartmentTransfer",
        department_id: people.transferGroupId,
        reason: "agent_transfer",
      });
    if (rng.chance(0.3)) {
      const rating = rng.pick(["good", "bad"] as const);
      steps.push({ ...visitor, type: "ChatRatingChanged", new_rating: rating, rating });
    }
    steps.push({ ...agent, type: "ChatLeave" });
  }
  if (!messaging) steps.push({ ...visitor, type: "ChatLeave" });
  // Timestamps (epoch ms): 5..90 s apart, the last one at the audit's time.
  const gaps = steps.map(() => rng.int(5_000, 90_000));
  let at = endMs - gaps.slice(1).reduce((a, b) => a + b, 0);
  const history: JsonRecord[] = steps.map((step, i) => {
    if (i > 0) at += gaps[i] as number;
    const entry: JsonRecord = { ...step, timestamp: at };
    if (!messaging) entry.chat_index = i;
    if (entry.type === "ChatMessageStatus") entry.status_updated_at = at;
    return sorted(entry);
  });
  const value: JsonRecord = {
    authenticated: messaging && rng.chance(0.4),
    backend: messaging ? "messaging" : "chat",
    channel,
    chat_id: chatId,
    conversation_id: messaging ? conversationId(seed, t.id) : null,
    department_id: people.transferGroupId !== null && rng.chance(0.5) ? people.transferGroupId : null,
    history,
    initiator: bot && k === 0 ? 5 : rng.chance(0.1) ? 1 : 2,
    integration_id: messaging ? `5f${hash(seed, 0x1e9).toString(16).padStart(8, "0")}web` : null,
    tags: rng.chance(0.4) ? [rng.pick(["vip", "returns", "billing", "web_widget"] as const)] : [],
    user_id: t.requester,
    visitor_id: visitorId,
    visitor_name: visitor.actor_name,
    webpath: messaging
      ? []
      : [`https://shop.example.com/p/${rng.int(1, 400)}`, "https://shop.example.com/cart"],
  };
  return { ticketId: t.id, k, chatId, channel, value, history };
}

/** The chat events audit `k` adds to its events: a ChatStartedEvent when it holds a session. */
export function chatAuditEvents(
  seed: number,
  t: Ticket,
  k: number,
  auditId: number,
  auditSec: number,
  people: Participants,
): JsonRecord[] {
  const session = sessionOf(seed, t, k, auditSec, people);
  return session ? [{ id: auditId * 10 + 4, type: "ChatStartedEvent", value: session.value }] : [];
}

/** Every session of a ticket's conversation, oldest first. */
export function conversationOf(seed: number, t: Ticket, people: Participants): ChatSession[] {
  return t.audits.flatMap((sec, k) => sessionOf(seed, t, k, sec, people) ?? []);
}
