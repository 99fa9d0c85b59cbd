-- view: sla_targets
-- One row per SLA target: a ticket's metric with an apply_sla event in ticket_metric_events (the
-- latest gives the policy and the week), breached when that ticket has a breach event of that
-- metric; deleted tickets' events left out. For sql/sla/*.sql.
WITH applied AS (
  SELECT ticket_id, metric, arg_max(sla, "time") AS sla, max("time") AS applied_at
  FROM ticket_metric_events
  WHERE "type" = 'apply_sla' AND deleted IS DISTINCT FROM true
  GROUP BY ticket_id, metric
),
breached AS (
  SELECT DISTINCT ticket_id, metric FROM ticket_metric_events
  WHERE "type" = 'breach' AND deleted IS DISTINCT FROM true
)
SELECT
  a.ticket_id,
  a.metric,
  strftime(date_trunc('week', a.applied_at), '%Y-%m-%d') AS week,
  coalesce(p.title, a.sla->'policy'->>'title', 'policy ' || (a.sla->'policy'->>'id'), '(unknown)') AS policy,
  b.ticket_id IS NOT NULL AS breached
FROM applied a
LEFT JOIN breached b USING (ticket_id, metric)
LEFT JOIN sla_policies p ON CAST(p.id AS VARCHAR) = a.sla->'policy'->>'id'
