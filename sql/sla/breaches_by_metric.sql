-- title: SLA targets, breached or not, by metric
-- unit: SLA targets
-- definition: The SLA targets applied to tickets (a ticket's metric with an apply_sla event in ticket_metric_events; deleted tickets' events left out), counted by week of the apply_sla event (UTC) and by metric (reply_time, requester_wait_time, agent_work_time, …), split into breached (that ticket has a breach event of that metric, as fivetran/dbt_zendesk's is_sla_breach) and not breached (met, or still running). Rows: the view sla_targets (sql/sla/sla_targets.sql), built before the KPIs.
WITH base AS (
  SELECT week, metric, CASE WHEN breached THEN 'breached' ELSE 'not breached' END AS outcome FROM sla_targets
)
SELECT 'week' AS dimension, week AS label, outcome AS series, count(*) AS value, count(*) AS n
FROM base GROUP BY week, outcome
UNION ALL
SELECT 'metric', metric, outcome, count(*), count(*) FROM base GROUP BY metric, outcome
ORDER BY dimension, label, series
