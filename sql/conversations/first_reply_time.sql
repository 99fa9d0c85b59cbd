-- title: Conversation first reply time (median)
-- unit: s
-- definition: Median over conversations of first_reply_seconds: from the visitor's first message to the first agent message after it (bots' messages do not count), in seconds; conversations no agent answered are left out. By week of the conversation's start (started_at, UTC) and by channel (legacy chat, chat in Support, messaging). The conversation-level counterpart of fivetran/dbt_zendesk's first reply time, which counts from the ticket's creation instead.
WITH base AS (
  SELECT
    strftime(date_trunc('week', started_at), '%Y-%m-%d') AS week,
    CASE WHEN source = 'chats' THEN 'legacy chat' WHEN channel = 'native_messaging' THEN 'messaging'
      WHEN channel = 'chat' THEN 'chat in Support' ELSE coalesce(channel, '(unknown)') END AS channel,
    first_reply_seconds AS x
  FROM conversations
  WHERE started_at IS NOT NULL AND first_reply_seconds IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, median(x) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', median(x), count(*) FROM base GROUP BY channel
ORDER BY dimension, label
