-- title: Agent work time (median)
-- unit: h
-- definition: Median over solved and closed tickets of the time the ticket spent in the statuses new and open, in calendar hours and, where the account has schedules, business hours: fivetran/dbt_zendesk's agent_work_time_in_calendar_minutes and agent_work_time_in_business_minutes (time in new and open), read from Zendesk's own measure of that interval: the latest update_status event of the agent_work_time metric in ticket_metric_events (status.calendar and status.business minutes, recorded when the solve fulfils the metric); tickets without such an event are left out. By week of tickets.created_at (UTC) and by channel (tickets.via.channel).
-- Business hours only where the schedules table holds a schedule, as in sql/tickets/ticket_values.sql.
WITH fulfilled AS (
  SELECT ticket_id, arg_max(status, "time") AS minutes FROM ticket_metric_events
  WHERE metric = 'agent_work_time' AND "type" = 'update_status' AND deleted IS DISTINCT FROM true
  GROUP BY ticket_id
),
work AS (
  SELECT
    strftime(date_trunc('week', t.created_at), '%Y-%m-%d') AS week,
    coalesce(t.via->>'channel', '(unknown)') AS channel,
    CAST(f.minutes->>'calendar' AS DOUBLE) / 60 AS calendar,
    CASE WHEN EXISTS (SELECT 1 FROM schedules) THEN CAST(f.minutes->>'business' AS DOUBLE) / 60 END AS business
  FROM tickets t JOIN fulfilled f ON f.ticket_id = t.id
  WHERE t.status IN ('solved', 'closed') AND t.created_at IS NOT NULL
),
hours AS (UNPIVOT work ON calendar AS 'calendar hours', business AS 'business hours' INTO NAME series VALUE x)
SELECT 'week' AS dimension, week AS label, series, median(x) AS value, count(*) AS n
FROM hours WHERE x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, median(x), count(*) FROM hours WHERE x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
