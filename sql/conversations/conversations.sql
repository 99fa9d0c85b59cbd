-- title: Conversations, by channel and by who answered
-- unit: conversations
-- definition: Every conversation of the conversations view, by week of its start (started_at, UTC) and by channel: legacy chat (the Chat API's chats), chat in Support (a ticket's chat session, ticket_chats.channel chat) and messaging (channel native_messaging). By channel, split by who answered: agent (an agent is among its agent_ids), bot or AI agent (no agent, but a bot's message: chat_history nick agent:trigger, or an audit entry by a __ actor or a BUSINESS author), no answer (neither). Conversations without any entry (no start time) are left out.
WITH bots AS (
  SELECT DISTINCT conversation_key, source FROM conversation_messages WHERE kind = 'message' AND author_role = 'bot'
),
base AS (
  SELECT
    strftime(date_trunc('week', c.started_at), '%Y-%m-%d') AS week,
    CASE WHEN c.source = 'chats' THEN 'legacy chat' WHEN c.channel = 'native_messaging' THEN 'messaging'
      WHEN c.channel = 'chat' THEN 'chat in Support' ELSE coalesce(c.channel, '(unknown)') END AS channel,
    CASE WHEN len(coalesce(c.agent_ids, [])) > 0 THEN 'agent'
      WHEN b.conversation_key IS NOT NULL THEN 'bot or AI agent' ELSE 'no answer' END AS handled_by
  FROM conversations c LEFT JOIN bots b USING (conversation_key, source)
  WHERE c.started_at IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, channel AS series, count(*) AS value, count(*) AS n
FROM base GROUP BY week, channel
UNION ALL
SELECT 'channel', channel, handled_by, count(*), count(*) FROM base GROUP BY channel, handled_by
ORDER BY dimension, label, series
