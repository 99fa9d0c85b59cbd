-- title: SLA targets breached, by policy
-- unit: %
-- definition: Share of the SLA targets applied to tickets that were breached, in percent: a target is a ticket's metric (reply_time, requester_wait_time, …) with an apply_sla event in ticket_metric_events; it is breached when that ticket has a breach event of that metric, as fivetran/dbt_zendesk's is_sla_breach. Unlike dbt_zendesk, targets still running count as not breached. Deleted tickets' events are left out. By week of the apply_sla event (UTC) and by policy (the apply_sla event's sla.policy, titled from sla_policies when it is there). Rows: the view sla_targets (sql/sla/sla_targets.sql), built before the KPIs.
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(CASE WHEN breached THEN 100.0 ELSE 0.0 END) AS value, count(*) AS n
FROM sla_targets GROUP BY week
UNION ALL
SELECT 'policy', policy, 'value', avg(CASE WHEN breached THEN 100.0 ELSE 0.0 END), count(*) FROM sla_targets GROUP BY policy
ORDER BY dimension, label
