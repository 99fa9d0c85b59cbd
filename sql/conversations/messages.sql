-- title: Messages per conversation (average)
-- unit: messages
-- definition: Average of the conversations view's messages: for a legacy chat the Chat API's count.total, for a chat or messaging session in Support its ChatMessage entries (bots' messages included). By week of the conversation's start (started_at, UTC) and by channel (legacy chat, chat in Support, messaging); conversations without a count are left out.
WITH base AS (
  SELECT
    strftime(date_trunc('week', started_at), '%Y-%m-%d') AS week,
    CASE WHEN source = 'chats' THEN 'legacy chat' WHEN channel = 'native_messaging' THEN 'messaging'
      WHEN channel = 'chat' THEN 'chat in Support' ELSE coalesce(channel, '(unknown)') END AS channel,
    CAST(messages AS DOUBLE) AS x
  FROM conversations
  WHERE started_at IS NOT NULL AND messages IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(x) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', avg(x), count(*) FROM base GROUP BY channel
ORDER BY dimension, label
