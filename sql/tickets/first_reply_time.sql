-- title: First reply time (median)
-- unit: h
-- definition: Median over tickets of the time from the ticket's creation to the first public reply by an agent, in calendar hours and, where the account has schedules, business hours: fivetran/dbt_zendesk's first_reply_time_calendar_minutes and first_reply_time_business_minutes (created_at to the first public comment of an agent or admin), read from Zendesk's own per-ticket metric ticket_metrics.reply_time_in_minutes (calendar, business), which measures that interval, business minutes by the ticket's schedule; tickets without a reply yet are left out. By week of tickets.created_at (UTC) and by channel (tickets.via.channel). Rows: the view ticket_values (sql/tickets/ticket_values.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, series, median(x) AS value, count(*) AS n
FROM ticket_values WHERE kpi = 'first_reply_time' AND x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, median(x), count(*) FROM ticket_values WHERE kpi = 'first_reply_time' AND x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
