import type { Section } from "./kit.js";

/** Every conversation, whatever its channel: the views conversations and conversation_messages (conversations.ts). */
export const conversationsSection: Section = {
  id: "conversations",
  title: "Conversations (every channel)",
  tables: ["conversations", "conversation_messages"],
  anyOf: ["chats", "ticket_chats"],
  howToSync:
    "sync the chats and chat_history streams (legacy Zendesk Chat) or, with a support block in the config, ticket_chats and ticket_chat_events (chats and messaging in Support); either is enough, and sync builds the views conversations and conversation_messages",
  intro:
    "Every conversation in one place, from the views conversations and conversation_messages (README, Conversations): legacy Zendesk Chat chats, and the chat and messaging sessions Zendesk Support keeps in the ticket audits, by week of the conversation's start (UTC) and by channel. A session the Chat API's chats already hold is counted once.",
  kpis: [
    { file: "conversations/conversations.sql", chart: "counts" },
    { file: "conversations/first_reply_time.sql", chart: "values" },
    { file: "conversations/messages.sql", chart: "values" },
  ],
  notes: [
    "Who answered comes from the messages: a conversation an agent took part in is an agent's; one with only a bot's or an AI agent's messages is the bot's. Legacy chats without chat_history show no first reply time.",
  ],
  periodSql: `SELECT min(started_at) AS first, max(started_at) AS last FROM conversations`,
  totalsSql: `SELECT 'conversations' AS label, count(*) AS value FROM conversations WHERE started_at IS NOT NULL
UNION ALL SELECT 'legacy chats', count(*) FROM conversations WHERE started_at IS NOT NULL AND source = 'chats'
UNION ALL SELECT 'chats in Support', count(*) FROM conversations WHERE started_at IS NOT NULL AND source = 'ticket_chats' AND channel = 'chat'
UNION ALL SELECT 'messaging', count(*) FROM conversations WHERE started_at IS NOT NULL AND channel = 'native_messaging'`,
};
