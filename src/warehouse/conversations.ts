/**
 * The views `conversations` and `conversation_messages`: every conversation in one shape, whichever
 * way it came — a legacy Zendesk Chat (the Chat API's `chats` and `chat_history`) or a chat or
 * Zendesk Messaging session stored in the ticket audits (`ticket_chats`, `ticket_chat_events`).
 *
 * Built at the end of every sync from the tables the file holds: a source table that is missing
 * contributes no rows (the view is still there, empty if every source is missing). The README's
 * "Conversations" section gives the definitions; this file is where they are computed.
 */
import { ident } from "./columns.js";
import type { Warehouse } from "./db.js";

export const CONVERSATIONS_VIEW = "conversations";
export const MESSAGES_VIEW = "conversation_messages";

/** The columns of conversation_messages, in order, with the SQL type of each. */
const MESSAGE_COLUMNS = [
  ["conversation_key", "VARCHAR"],
  ["source", "VARCHAR"],
  ["channel", "VARCHAR"],
  ["ticket_id", "BIGINT"],
  ["position", "BIGINT"],
  ["occurred_at", "TIMESTAMPTZ"],
  ["kind", "VARCHAR"],
  ["event_type", "VARCHAR"],
  ["author_role", "VARCHAR"],
  ["author_id", "VARCHAR"],
  ["author_name", "VARCHAR"],
  ["text", "VARCHAR"],
  ["attachment_name", "VARCHAR"],
  ["attachment_url", "VARCHAR"],
] as const;

const CONVERSATION_COLUMNS = [
  ["conversation_key", "VARCHAR"],
  ["source", "VARCHAR"],
  ["channel", "VARCHAR"],
  ["ticket_id", "BIGINT"],
  ["conversation_id", "VARCHAR"],
  ["started_at", "TIMESTAMPTZ"],
  ["ended_at", "TIMESTAMPTZ"],
  ["first_reply_at", "TIMESTAMPTZ"],
  ["first_reply_seconds", "DOUBLE"],
  ["messages", "BIGINT"],
  ["agent_ids", "VARCHAR[]"],
  ["rating", "VARCHAR"],
] as const;

/** No rows, typed: what a view is when none of its sources exists. */
function emptySelect(columns: ReadonlyArray<readonly [string, string]>): string {
  return `SELECT ${columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${ident(name)}`).join(", ")} WHERE false`;
}

/** Legacy chats: their history, the chat's ticket joined when chats is there. */
function legacyMessages(hasChats: boolean): string {
  return `
SELECT h.chat_id AS conversation_key, 'chats' AS source, 'chat' AS channel,
  ${hasChats ? "c.zendesk_ticket_id" : "CAST(NULL AS BIGINT)"} AS ticket_id,
  h."index" AS position, h."timestamp" AS occurred_at,
  CASE WHEN h.type = 'chat.msg' THEN 'message' WHEN h.type = 'chat.memberjoin' THEN 'join'
    WHEN h.type = 'chat.memberleave' THEN 'leave' WHEN h.type = 'chat.file' THEN 'file'
    WHEN h.type = 'chat.rating' THEN 'rating' WHEN h.type LIKE 'chat.transfer%' THEN 'transfer'
    ELSE 'other' END AS kind,
  h.type AS event_type,
  CASE WHEN h.nick = 'visitor' OR h.nick LIKE 'visitor:%' THEN 'visitor'
    WHEN h.nick = 'agent:trigger' THEN 'bot' WHEN h.nick LIKE 'agent:%' THEN 'agent' END AS author_role,
  CASE WHEN h.nick LIKE 'agent:%' AND h.nick <> 'agent:trigger' THEN substr(h.nick, 7) END AS author_id,
  h.name AS author_name, h.msg AS text, CAST(NULL AS VARCHAR) AS attachment_name,
  CAST(NULL AS VARCHAR) AS attachment_url
FROM chat_history h${hasChats ? " LEFT JOIN chats c ON c.id = h.chat_id" : ""}`;
}

/** Ticket chats and messaging sessions, except those the Chat API's chats already hold. */
function ticketMessages(hasTicketChats: boolean, hasChats: boolean): string {
  const actor = "json_extract_string(e.actor_id, '$')";
  return `
SELECT e.chat_id AS conversation_key, 'ticket_chats' AS source,
  ${hasTicketChats ? "t.channel" : "CAST(NULL AS VARCHAR)"} AS channel, e.ticket_id,
  e."index" AS position, e.created_at AS occurred_at,
  CASE WHEN e.type = 'ChatMessage' THEN 'message' WHEN e.type = 'ChatJoin' THEN 'join'
    WHEN e.type = 'ChatLeave' THEN 'leave' WHEN e.type = 'ChatFileAttachment' THEN 'file'
    WHEN e.type = 'ChatRatingChanged' THEN 'rating' WHEN e.type = 'ChatDepartmentTransfer' THEN 'transfer'
    WHEN e.type = 'ChatMessageStatus' THEN 'status' ELSE 'other' END AS kind,
  e.type AS event_type,
  CASE WHEN ${actor} LIKE '\\_\\_%' ESCAPE '\\'
      OR json_extract_string(e.original_message, '$.author.type') = 'BUSINESS' THEN 'bot'
    WHEN e.actor_type = 'agent' OR ${actor} LIKE 'agent:%' THEN 'agent'
    WHEN e.actor_type = 'end-user' THEN 'visitor' END AS author_role,
  CASE WHEN ${actor} LIKE 'agent:%' THEN nullif(substr(${actor}, 7), '')
    WHEN ${actor} LIKE '\\_\\_%' ESCAPE '\\' OR ${actor} = '' THEN NULL ELSE ${actor} END AS author_id,
  e.actor_name AS author_name, e.message AS text, e.filename AS attachment_name, e.url AS attachment_url
FROM ticket_chat_events e${hasTicketChats ? " LEFT JOIN ticket_chats t ON t.event_id = e.event_id" : ""}
${hasChats ? "WHERE e.chat_id IS NULL OR e.chat_id NOT IN (SELECT id FROM chats)" : ""}`;
}

/** Per conversation, from the messages view: first reply and rating (ticket chats), agents. */
const PER_CONVERSATION = `
SELECT conversation_key, source,
  min(occurred_at) AS started_at, max(occurred_at) AS ended_at,
  count(*) FILTER (WHERE kind = 'message') AS messages,
  min(occurred_at) FILTER (WHERE kind = 'message' AND author_role = 'visitor') AS first_visitor_at,
  list_sort(list_distinct(list(author_id) FILTER (WHERE author_role = 'agent' AND author_id IS NOT NULL))) AS agent_ids
FROM ${MESSAGES_VIEW} GROUP BY conversation_key, source`;

function legacyConversations(hasHistory: boolean): string {
  return `
SELECT c.id AS conversation_key, 'chats' AS source, 'chat' AS channel, c.zendesk_ticket_id AS ticket_id,
  CAST(NULL AS VARCHAR) AS conversation_id, c."timestamp" AS started_at,
  c."timestamp" + to_seconds(coalesce(c.duration, 0)) AS ended_at,
  ${hasHistory ? "r.first_reply_at" : "CAST(NULL AS TIMESTAMPTZ)"} AS first_reply_at,
  ${hasHistory ? "(epoch_ms(r.first_reply_at) - epoch_ms(p.first_visitor_at)) / 1000.0" : "CAST(NULL AS DOUBLE)"} AS first_reply_seconds,
  CAST(json_extract(c."count", '$.total') AS BIGINT) AS messages,
  list_sort(CAST(c.agent_ids AS VARCHAR[])) AS agent_ids, c.rating
FROM chats c${hasHistory ? ` LEFT JOIN per p ON p.source = 'chats' AND p.conversation_key = c.id LEFT JOIN replies r ON r.source = 'chats' AND r.conversation_key = c.id` : ""}`;
}

function ticketConversations(hasChats: boolean): string {
  return `
SELECT t.chat_id AS conversation_key, 'ticket_chats' AS source, t.channel, t.ticket_id, t.conversation_id,
  p.started_at, p.ended_at, r.first_reply_at,
  (epoch_ms(r.first_reply_at) - epoch_ms(p.first_visitor_at)) / 1000.0 AS first_reply_seconds,
  coalesce(p.messages, 0) AS messages, coalesce(p.agent_ids, CAST([] AS VARCHAR[])) AS agent_ids, g.rating
FROM ticket_chats t
LEFT JOIN per p ON p.source = 'ticket_chats' AND p.conversation_key = t.chat_id
LEFT JOIN replies r ON r.source = 'ticket_chats' AND r.conversation_key = t.chat_id
LEFT JOIN ratings g ON g.conversation_key = t.chat_id
${hasChats ? "WHERE t.chat_id IS NULL OR t.chat_id NOT IN (SELECT id FROM chats)" : ""}`;
}

/** The first agent message after the first visitor message, per conversation. */
const REPLIES = `
SELECT m.conversation_key, m.source, min(m.occurred_at) AS first_reply_at
FROM ${MESSAGES_VIEW} m JOIN per p USING (conversation_key, source)
WHERE m.kind = 'message' AND m.author_role = 'agent' AND m.occurred_at > p.first_visitor_at
GROUP BY m.conversation_key, m.source`;

/** The last rating given in a ticket chat session (ChatRatingChanged: new_rating, else rating). */
const RATINGS = `
SELECT chat_id AS conversation_key, arg_max(coalesce(new_rating, rating), "index") AS rating
FROM ticket_chat_events WHERE type = 'ChatRatingChanged' GROUP BY chat_id`;

/** Creates (or replaces) both views from the tables the file holds now. */
export async function createConversationViews(warehouse: Warehouse): Promise<void> {
  const has = async (name: string) => warehouse.tableExists(name);
  const [chats, history, ticketChats, ticketEvents] = [
    await has("chats"),
    await has("chat_history"),
    await has("ticket_chats"),
    await has("ticket_chat_events"),
  ];
  const messageParts = [
    ...(history ? [legacyMessages(chats)] : []),
    ...(ticketEvents ? [ticketMessages(ticketChats, chats)] : []),
  ];
  const messages =
    messageParts.length > 0 ? messageParts.join("\nUNION ALL\n") : emptySelect(MESSAGE_COLUMNS);
  await warehouse.connection.run(`CREATE OR REPLACE VIEW ${ident(MESSAGES_VIEW)} AS ${messages}`);
  const conversationParts = [
    ...(chats ? [legacyConversations(history)] : []),
    ...(ticketChats ? [ticketConversations(chats)] : []),
  ];
  const ctes = [`per AS (${PER_CONVERSATION})`, `replies AS (${REPLIES})`];
  if (ticketChats && ticketEvents) ctes.push(`ratings AS (${RATINGS})`);
  else
    ctes.push(
      `ratings AS (SELECT CAST(NULL AS VARCHAR) AS conversation_key, CAST(NULL AS VARCHAR) AS rating WHERE false)`,
    );
  const conversations =
    conversationParts.length > 0
      ? `WITH ${ctes.join(",\n")}\n${conversationParts.join("\nUNION ALL\n")}`
      : emptySelect(CONVERSATION_COLUMNS);
  await warehouse.connection.run(`CREATE OR REPLACE VIEW ${ident(CONVERSATIONS_VIEW)} AS ${conversations}`);
}
