-- title: Full resolution time (median)
-- unit: h
-- definition: Median over solved and closed tickets of the time from the ticket's creation to its latest solve, in calendar hours and, where the account has schedules, business hours: dbt_zendesk's full_resolution_calendar_minutes and full_resolution_business_minutes (created_at to the last time the status became solved, closed when never solved), read from ticket_metrics.full_resolution_time_in_minutes (calendar, business). By week of tickets.created_at (UTC) and by channel.
-- Business hours only where the schedules table holds a schedule: Zendesk counts them by the
-- schedule applied to each ticket, and an account without one has none to count by.
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    m.full_resolution_time_in_minutes AS minutes
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL AND t.status IN ('solved', 'closed')
),
hours AS (
  SELECT week, channel, 'calendar hours' AS series, CAST(minutes->>'calendar' AS DOUBLE) / 60 AS x FROM base
  UNION ALL
  SELECT week, channel, 'business hours', CAST(minutes->>'business' AS DOUBLE) / 60 FROM base
  WHERE EXISTS (SELECT 1 FROM schedules)
)
SELECT 'week' AS dimension, week AS label, series, median(x) AS value, count(*) AS n
FROM hours WHERE x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, median(x), count(*) FROM hours WHERE x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
