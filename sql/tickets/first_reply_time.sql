-- title: First reply time (median)
-- unit: h
-- definition: Median over tickets of the time from the ticket's creation to the first public reply by an agent, in calendar hours: fivetran/dbt_zendesk's first_reply_time_calendar_minutes (created_at to the first public comment of an agent or admin), read from Zendesk's own per-ticket metric ticket_metrics.reply_time_in_minutes.calendar, which measures that interval; tickets without a reply yet are left out. By week of tickets.created_at (UTC) and by channel (tickets.via.channel).
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    CAST(m.reply_time_in_minutes->>'calendar' AS DOUBLE) / 60 AS x
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, median(x) AS value, count(*) AS n
FROM base WHERE x IS NOT NULL GROUP BY week
UNION ALL
SELECT 'channel', channel, 'value', median(x), count(*) FROM base WHERE x IS NOT NULL GROUP BY channel
ORDER BY dimension, label
