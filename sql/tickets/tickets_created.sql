-- title: Tickets created, by channel and by who handled them
-- unit: tickets
-- definition: Support tickets (tickets, deleted ones left out) by week of tickets.created_at (UTC) and by the channel they came in through (tickets.via.channel: chat, native_messaging for messaging, email, web, api, …); by channel, split by tickets.support_type (agent: a human agent worked it; ai_agent: an AI agent alone).
WITH base AS (
  SELECT
    strftime(date_trunc('week', created_at), '%Y-%m-%d') AS week,
    coalesce(via->>'channel', '(unknown)') AS channel,
    coalesce(support_type, '(not set)') AS handled_by
  FROM tickets
  WHERE status IS DISTINCT FROM 'deleted' AND created_at IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, channel AS series, count(*) AS value, count(*) AS n
FROM base GROUP BY week, channel
UNION ALL
SELECT 'channel', channel, handled_by, count(*), count(*) FROM base GROUP BY channel, handled_by
ORDER BY dimension, label, series
