-- title: Reopened tickets
-- unit: %
-- definition: Share of solved and closed tickets reopened at least once, in percent: dbt_zendesk's count_reopens (solves after the first) above zero, read from Zendesk's own count ticket_metrics.reopens. By week of tickets.created_at (UTC) and by channel. Rows: the view ticket_values (sql/tickets/ticket_values.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, series, avg(x) AS value, count(*) AS n
FROM ticket_values WHERE kpi = 'reopened' AND x IS NOT NULL GROUP BY week, series
UNION ALL
SELECT 'channel', channel, series, avg(x), count(*) FROM ticket_values WHERE kpi = 'reopened' AND x IS NOT NULL GROUP BY channel, series
ORDER BY dimension, label, series
