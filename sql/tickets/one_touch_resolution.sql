-- title: One-touch resolution
-- unit: %
-- definition: Share of solved and closed tickets that an agent solved with a single public reply, in percent: dbt_zendesk's is_one_touch_resolution (status solved or closed and exactly one public agent comment), with the public agent replies read from ticket_metrics.replies. By week of tickets.created_at (UTC) and by channel. Rows: the view ticket_values (sql/tickets/ticket_values.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, series, avg(x) AS value, count(*) AS n
FROM ticket_values WHERE kpi = 'one_touch_resolution' AND x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, avg(x), count(*) FROM ticket_values WHERE kpi = 'one_touch_resolution' AND x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
