-- title: Satisfaction surveys, by score
-- unit: ratings
-- definition: Satisfaction ratings (satisfaction_ratings) by their score: good, bad, offered (sent, not answered), unoffered (not sent); by week the survey went out (created_at, UTC), and by the channel of the rated ticket (tickets.via.channel; (ticket not in file) when the tickets table lacks it).
WITH base AS (
  SELECT
    strftime(date_trunc('week', r.created_at), '%Y-%m-%d') AS week,
    CASE WHEN t.id IS NULL THEN '(ticket not in file)' ELSE coalesce(t.via->>'channel', '(unknown)') END AS channel,
    coalesce(r.score, '(none)') AS score
  FROM satisfaction_ratings r LEFT JOIN tickets t ON t.id = r.ticket_id
  WHERE r.created_at IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, score AS series, count(*) AS value, count(*) AS n
FROM base GROUP BY week, score
UNION ALL
SELECT 'channel', channel, score, count(*), count(*) FROM base GROUP BY channel, score
ORDER BY dimension, label, series
