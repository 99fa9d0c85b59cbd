-- view: ticket_values
-- One row per KPI value of a ticket (deleted tickets left out), for the tickets section's KPIs
-- (sql/tickets/*.sql select theirs by kpi): week of tickets.created_at (UTC), channel
-- (tickets.via.channel), series and value x (NULL where Zendesk has none yet).
-- Times in hours: calendar, and business where the schedules table holds a schedule (Zendesk counts
-- business minutes by the schedule applied to each ticket; an account without one has none).
-- Rates in percent per ticket (100 or 0), of solved and closed tickets.
WITH base AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    t.status IN ('solved', 'closed') AS solved,
    m.*
  FROM tickets t JOIN ticket_metrics m ON m.ticket_id = t.id
  WHERE t.status IS DISTINCT FROM 'deleted' AND t.created_at IS NOT NULL
),
minutes AS (
  SELECT week, channel, 'first_reply_time' AS kpi, reply_time_in_minutes AS clock FROM base
  UNION ALL
  SELECT week, channel, 'full_resolution_time', full_resolution_time_in_minutes FROM base WHERE solved
  UNION ALL
  SELECT week, channel, 'requester_wait_time', requester_wait_time_in_minutes FROM base WHERE solved
)
SELECT kpi, week, channel, 'calendar hours' AS series, CAST(clock->>'calendar' AS DOUBLE) / 60 AS x FROM minutes
UNION ALL
SELECT kpi, week, channel, 'business hours', CAST(clock->>'business' AS DOUBLE) / 60 FROM minutes
WHERE EXISTS (SELECT 1 FROM schedules)
UNION ALL
SELECT 'one_touch_resolution', week, channel, 'value',
  CASE WHEN replies IS NULL THEN NULL WHEN replies = 1 THEN 100.0 ELSE 0.0 END
FROM base WHERE solved
UNION ALL
SELECT 'reopened', week, channel, 'value',
  CASE WHEN reopens IS NULL THEN NULL WHEN reopens > 0 THEN 100.0 ELSE 0.0 END
FROM base WHERE solved
