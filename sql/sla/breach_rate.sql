-- title: SLA targets breached, by policy
-- unit: %
-- definition: Share of the SLA targets applied to tickets that were breached, in percent: a target is a ticket's metric (reply_time, requester_wait_time, …) with an apply_sla event in ticket_metric_events; it is breached when that ticket has a breach event of that metric, as fivetran/dbt_zendesk's is_sla_breach. Unlike dbt_zendesk, targets still running count as not breached. Deleted tickets' events are left out. By week of the apply_sla event (UTC) and by policy (the apply_sla event's sla.policy, titled from sla_policies when it is there).
WITH applied AS (
  SELECT ticket_id, metric, arg_max(sla, "time") AS sla, max("time") AS applied_at
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
    coalesce(p.title, a.sla->'policy'->>'title', 'policy ' || (a.sla->'policy'->>'id'), '(unknown)') AS policy,
    CASE WHEN b.ticket_id IS NULL THEN 0.0 ELSE 100.0 END AS x
  FROM applied a
  LEFT JOIN breached b USING (ticket_id, metric)
  LEFT JOIN sla_policies p ON CAST(p.id AS VARCHAR) = a.sla->'policy'->>'id'
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(x) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'policy', policy, 'value', avg(x), count(*) FROM base GROUP BY policy
ORDER BY dimension, label
