-- title: Requester wait time (median)
-- unit: h
-- definition: Median over solved and closed tickets of the time the requester waited, in calendar hours: dbt_zendesk's requester_wait_time_in_calendar_minutes (the time the ticket spent in the statuses new, open and hold), read from ticket_metrics.requester_wait_time_in_minutes.calendar. By week of tickets.created_at (UTC) and by channel.
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    CAST(m.requester_wait_time_in_minutes->>'calendar' AS DOUBLE) / 60 AS x
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL AND t.status IN ('solved', 'closed')
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, median(x) AS value, count(*) AS n
FROM base WHERE x IS NOT NULL GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', median(x), count(*) FROM base WHERE x IS NOT NULL GROUP BY channel
ORDER BY dimension, label
