-- title: Ticket satisfaction (CSAT)
-- unit: %
-- definition: Share of the ratings scored good among those scored good or bad (satisfaction_ratings.score; offered: the survey went out unanswered, unoffered: it was not sent, both left out), in percent; each rating is its ticket's latest score, as fivetran/dbt_zendesk's latest satisfaction score. By week the survey went out (satisfaction_ratings.created_at, UTC) and by the channel of the rated ticket (tickets.via.channel; (ticket not in file) when the tickets table lacks it).
WITH base AS (
  SELECT
    strftime(date_trunc('week', r.created_at), '%Y-%m-%d') AS week,
    CASE WHEN t.id IS NULL THEN '(ticket not in file)' ELSE coalesce(t.via->>'channel', '(unknown)') END AS channel,
    CASE WHEN r.score = 'good' THEN 100.0 ELSE 0.0 END AS x
  FROM satisfaction_ratings r LEFT JOIN tickets t ON t.id = r.ticket_id
  WHERE r.score IN ('good', 'bad') AND r.created_at IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(x) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', avg(x), count(*) FROM base GROUP BY channel
ORDER BY dimension, label
