-- title: Reopened tickets
-- unit: %
-- definition: Share of solved and closed tickets reopened at least once, in percent: dbt_zendesk's count_reopens (solves after the first) above zero, read from Zendesk's own count ticket_metrics.reopens. By week of tickets.created_at (UTC) and by channel.
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    CASE WHEN m.reopens IS NULL THEN NULL WHEN m.reopens > 0 THEN 100.0 ELSE 0.0 END AS x
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL AND t.status IN ('solved', 'closed')
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(x) AS value, count(*) AS n
FROM base WHERE x IS NOT NULL GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', avg(x), count(*) FROM base WHERE x IS NOT NULL GROUP BY channel
ORDER BY dimension, label
