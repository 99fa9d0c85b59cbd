import type { Section } from "./kit.js";

/** SLA targets applied to tickets and their breaches: ticket_metric_events (sla_policies for titles). */
export const slaSection: Section = {
  id: "sla",
  title: "SLA breaches (Zendesk Support)",
  tables: ["ticket_metric_events"],
  howToSync: "sync with a support block in the config (streams ticket_metric_events and sla_policies)",
  intro:
    "The SLA targets Zendesk Support applied to tickets (apply_sla events of ticket_metric_events) and those it recorded as breached (breach events), by week the target was applied (UTC), by policy and by metric.",
  kpis: [
    { file: "sla/breach_rate.sql", chart: "values" },
    { file: "sla/breaches_by_metric.sql", chart: "counts" },
  ],
  views: [{ file: "sla/sla_targets.sql", tables: ["ticket_metric_events"] }],
  notes: [
    "Breaches are Zendesk's own breach events, whichever clock a target runs on (its business_hours flag); the time to each breach is not measured here, as in business hours that needs the schedule applied to each ticket over time (fivetran/dbt_zendesk's ticket_schedule, from the audits' schedule changes, with holidays and time-zone offsets), which no synced table holds.",
  ],
  async prepare(warehouse) {
    if (!(await warehouse.tableExists("sla_policies"))) {
      // Policy titles are optional: without sla_policies the events' own titles are used.
      await warehouse.connection.run("CREATE TEMP TABLE sla_policies (id BIGINT, title VARCHAR)");
    }
    return undefined;
  },
  periodSql: `SELECT min("time") AS first, max("time") AS last FROM ticket_metric_events WHERE "type" = 'apply_sla' AND deleted IS DISTINCT FROM true`,
  totalsSql: `WITH applied AS (SELECT DISTINCT ticket_id, metric FROM ticket_metric_events WHERE "type" = 'apply_sla' AND deleted IS DISTINCT FROM true),
breached AS (SELECT DISTINCT ticket_id, metric FROM ticket_metric_events WHERE "type" = 'breach' AND deleted IS DISTINCT FROM true)
SELECT 'SLA targets' AS label, count(*) AS value FROM applied
UNION ALL SELECT 'breached', count(*) FROM applied JOIN breached USING (ticket_id, metric)
UNION ALL SELECT 'tickets with an SLA', count(DISTINCT ticket_id) FROM applied`,
};
