-- title: Requester wait time (median)
-- unit: h
-- definition: Median over solved and closed tickets of the time the requester waited, in calendar hours and, where the account has schedules, business hours: dbt_zendesk's requester_wait_time_in_calendar_minutes and requester_wait_time_in_business_minutes (the time the ticket spent in the statuses new, open and hold), read from ticket_metrics.requester_wait_time_in_minutes (calendar, business). By week of tickets.created_at (UTC) and by channel. Rows: the view ticket_values (sql/tickets/ticket_values.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, series, median(x) AS value, count(*) AS n
FROM ticket_values WHERE kpi = 'requester_wait_time' AND x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, median(x), count(*) FROM ticket_values WHERE kpi = 'requester_wait_time' AND x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
