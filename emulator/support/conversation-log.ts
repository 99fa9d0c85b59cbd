/**
 * `GET tickets/{ticket_id}/conversation_log` (Early Access): a messaging ticket's events, rendered
 * from the same conversation generator the ticket audits' chat events come from (messaging.ts), so
 * both tell the same conversation. Shapes (docs/zendesk-support-api-notes.md, "8h. Conversation
 * Log"): events `{id (ULID), type, reference, created_at, author{type, zen:support:user_id,
 * zen:sunco:user_id, display_name}, content{type, …}, attachments, metadata}`; a message of the
 * conversation is a `Messaging::ConversationMessage` (author user | agent | bot), and an agent who
 * took part in a session leaves a public `Comment` at its end. Cursor pagination: `page[size]`
 * (≤ 100, default 100; with `shortPages`, 2..7 events a page whatever the size asked), `page[after]`;
 * `{events, links: {next, prev}, meta: {has_more, after_cursor, before_cursor}}`.
 *
 * Harsh cases: an account not in the Early Access program gets 403 for every ticket
 * (`SupportData.conversationLogAccess` false: the `supportConversationLog: false` option, or
 * `setSupportConversationLogAccess`); a deleted or unknown ticket is a 404. A ticket that did not
 * come through messaging has an empty log.
 */
import { type ApiResponse, ok } from "../errors.js";
import { hash } from "../random.js";
import type { JsonRecord } from "../types.js";
import { supportForbidden } from "./auth.js";
import type { SupportData, Ticket } from "./data.js";
import { badParameter } from "./lists/list.js";
import { type ChatSession, ulid } from "./messaging.js";
import { checkParams, decodeCursor, encodeCursor, intParam } from "./params.js";

/** The endpoint's path after /api/v2/ (without .json), with the ticket id. */
export const CONVERSATION_LOG = /^tickets\/(\d+)\/conversation_log$/;

const PAGE_MAX = 100;

/** True for a ticket whose conversation came through Zendesk Messaging. */
export function isMessaging(t: Ticket): boolean {
  return t.via === "native_messaging";
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The Conversation Log events of a ticket's sessions, oldest first (created_at, then id). */
export function conversationLogEvents(
  seed: number,
  t: Ticket,
  sessions: readonly ChatSession[],
): JsonRecord[] {
  if (!isMessaging(t)) return [];
  const suncoUser = hash(seed, t.requester, 0x5c0).toString(16).padStart(24, "0").slice(0, 24);
  const authorOf = (entry: JsonRecord): JsonRecord => {
    if (entry.actor_type === "end-user")
      return {
        type: "user",
        "zen:support:user_id": t.requester,
        "zen:sunco:user_id": suncoUser,
        display_name: entry.actor_name,
      };
    if (entry.actor_type === "agent") {
      const id = Number(String(entry.actor_id).replace(/^agent:/, ""));
      return { type: "agent", "zen:support:user_id": id, display_name: entry.actor_name };
    }
    return { type: "bot", display_name: entry.actor_name };
  };
  const events: JsonRecord[] = [];
  for (const session of sessions) {
    const base = t.id * 1000 + session.k;
    let agent: JsonRecord | undefined;
    session.history.forEach((entry, i) => {
      const at = entry.timestamp as number;
      const reference = `zen:ticket_event:${1_000_000_000 + (hash(seed, base, i) % 1_000_000_000)}`;
      const common = { reference, created_at: iso(at), attachments: [], metadata: {} };
      if (entry.actor_type === "agent") agent = entry;
      if (entry.type === "ChatMessage")
        events.push({
          id: entry.message_id,
          type: "Messaging::ConversationMessage",
          ...common,
          author: authorOf(entry),
          content: { type: "text", text: entry.message },
        });
      else if (entry.type === "ChatFileAttachment") {
        const image = String(entry.mime_type).startsWith("image/");
        events.push({
          id: entry.message_id,
          type: "Messaging::ConversationMessage",
          ...common,
          author: authorOf(entry),
          content: {
            type: image ? "image" : "file",
            media_url: entry.url,
            media_type: entry.mime_type,
            media_size: entry.size,
            alt_text: entry.filename,
          },
        });
      }
    });
    const end = session.history.at(-1)?.timestamp as number;
    if (agent)
      events.push({
        id: ulid(base, 900),
        type: "Comment",
        reference: `zen:ticket_event:${2_000_000_000 + (hash(seed, base, 0xc0) % 1_000_000_000)}`,
        created_at: iso(end + 1000),
        attachments: [],
        metadata: {},
        author: authorOf(agent),
        content: {
          type: "html",
          body: `<p>Conversation ${session.k + 1} handled by ${agent.actor_name}.</p>`,
        },
      });
  }
  const key = (e: JsonRecord) => `${e.created_at as string}|${e.id as string}`;
  return events.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const isPosition = (v: unknown): v is { k: string } =>
  typeof v === "object" && v !== null && typeof (v as { k: unknown }).k === "string";

export function conversationLogEndpoint(
  data: SupportData,
  query: URLSearchParams,
  ctx: { baseUrl: string; shortPages: boolean; path?: string },
): ApiResponse {
  const bad = checkParams(query, ["page[size]", "page[after]"]);
  if (bad) return bad;
  const size = intParam(query, "page[size]", 1);
  if (!size.ok) return size.response;
  if (size.value !== null && size.value > PAGE_MAX) return badParameter(`page[size]: at most ${PAGE_MAX}`);
  const limit = size.value ?? PAGE_MAX;
  const id = Number(CONVERSATION_LOG.exec((ctx.path ?? "").replace(/\/+$/, "").replace(/\.json$/, ""))?.[1]);
  // Zendesk's usual 403 (the body an outside account gets is not documented).
  if (!data.conversationLogAccess) return supportForbidden();
  const ticket = data.ticket(id);
  if (!ticket || ticket.status === "deleted")
    return { status: 404, body: { error: "RecordNotFound", description: "Not found" } };
  const events = data.conversationLog(ticket);
  const key = (e: JsonRecord) => `${e.created_at as string}|${e.id as string}`;
  const token = query.get("page[after]");
  let from = 0;
  if (token !== null) {
    const position = decodeCursor(token, isPosition);
    if (!position) return badParameter("page[after]: not a cursor this API gave");
    from = events.findIndex((e) => key(e) > position.k);
    if (from < 0) from = events.length;
  }
  // With short pages (the emulator's default), pages hold 2..7 events whatever page[size] asks:
  // every log of a few messages is read over several pages, as a long one would be.
  const served = ctx.shortPages ? Math.min(limit, 2 + (hash(id, from, 0x10c) % 6)) : limit;
  const page = events.slice(from, from + served);
  const hasMore = from + served < events.length;
  const last = page.at(-1);
  const firstEvent = page[0];
  const after = last ? encodeCursor({ k: key(last) }) : null;
  const before = firstEvent ? encodeCursor({ k: key(firstEvent), d: "before" }) : null;
  const link = (cursor: string) =>
    `${ctx.baseUrl}/tickets/${id}/conversation_log?page%5Bsize%5D=${limit}&page%5Bafter%5D=${cursor}`;
  return ok({
    events: page,
    links: { next: hasMore && after ? link(after) : null, prev: null },
    meta: { has_more: hasMore, after_cursor: after, before_cursor: before },
  });
}
