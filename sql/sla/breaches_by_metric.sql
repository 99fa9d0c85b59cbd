-- title: SLA targets, breached or not, by metric
-- unit: SLA targets
-- definition: The SLA targets applied to tickets (a ticket's metric with an apply_sla event in ticket_metric_events; deleted tickets' events left out), counted by week of the apply_sla event (UTC) and by metric (reply_time, requester_wait_time, agent_work_time, …), split into breached (that ticket has a breach event of that metric, as fivetran/dbt_zendesk's is_sla_breach) and not breached (met, or still running).
WITH applied AS (
  SELECT ticket_id, metric, max("time") AS applied_at
  FROM ticket_metric_events
  WHERE "type" = 'apply_sla' AND deleted IS DISTINCT FROM true
  GROUP BY ticket_id, metric
),
breached AS (
  SELECT DISTINCT ticket_id, metric FROM ticket_metric_events
  WHERE "type" = 'breach' AND deleted IS DISTINCT FROM true
),
base AS (
  SELECT
    strftime(date_trunc('week', a.applied_at), '%Y-%m-%d') AS week,
    a.metric,
    CASE WHEN b.ticket_id IS NULL THEN 'not breached' ELSE 'breached' END AS outcome
  FROM applied a LEFT JOIN breached b USING (ticket_id, metric)
)
SELECT 'week' AS dimension, week AS label, outcome AS series, count(*) AS value, count(*) AS n
FROM base GROUP BY week, outcome
UNION ALL
SELECT 'metric', metric, outcome, count(*), count(*) FROM base GROUP BY metric, outcome
ORDER BY dimension, label, series
