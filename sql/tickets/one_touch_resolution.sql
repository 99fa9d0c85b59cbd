-- title: One-touch resolution
-- unit: %
-- definition: Share of solved and closed tickets that an agent solved with a single public reply, in percent: dbt_zendesk's is_one_touch_resolution (status solved or closed and exactly one public agent comment), with the public agent replies read from ticket_metrics.replies. By week of tickets.created_at (UTC) and by channel.
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    CASE WHEN m.replies IS NULL THEN NULL WHEN m.replies = 1 THEN 100.0 ELSE 0.0 END AS x
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL AND t.status IN ('solved', 'closed')
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(x) AS value, count(*) AS n
FROM base WHERE x IS NOT NULL GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', avg(x), count(*) FROM base WHERE x IS NOT NULL GROUP BY channel
ORDER BY dimension, label
