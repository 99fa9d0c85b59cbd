-- title: Full resolution time (median)
-- unit: h
-- definition: Median over solved and closed tickets of the time from the ticket's creation to its latest solve, in calendar hours and, where the account has schedules, business hours: dbt_zendesk's full_resolution_calendar_minutes and full_resolution_business_minutes (created_at to the last time the status became solved, closed when never solved), read from ticket_metrics.full_resolution_time_in_minutes (calendar, business). By week of tickets.created_at (UTC) and by channel. Rows: the view ticket_values (sql/tickets/ticket_values.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, series, median(x) AS value, count(*) AS n
FROM ticket_values WHERE kpi = 'full_resolution_time' AND x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, median(x), count(*) FROM ticket_values WHERE kpi = 'full_resolution_time' AND x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
