import type { Section } from "./kit.js";

/** Zendesk Support tickets (every channel: chat, messaging, email, web, api) and their metrics. */
export const ticketsSection: Section = {
  id: "tickets",
  title: "Tickets (Zendesk Support)",
  tables: ["tickets"],
  howToSync:
    "sync with a support block in the config (streams tickets and ticket_metrics; ticket_metric_events for agent work time, schedules for business hours)",
  intro:
    "Support tickets of every channel, chats and messaging conversations included, by week of the ticket's creation (tickets.created_at). Times are in calendar hours and, where the account has schedules (the schedules table), business hours, with fivetran/dbt_zendesk's definitions, from Zendesk's own per-ticket metrics (ticket_metrics) and metric events (ticket_metric_events).",
  kpis: [
    { file: "tickets/tickets_created.sql", chart: "counts" },
    { file: "tickets/first_reply_time.sql", chart: "values", tables: ["ticket_metrics"] },
    { file: "tickets/full_resolution_time.sql", chart: "values", tables: ["ticket_metrics"] },
    { file: "tickets/requester_wait_time.sql", chart: "values", tables: ["ticket_metrics"] },
    { file: "tickets/agent_work_time.sql", chart: "values", tables: ["ticket_metric_events"] },
    { file: "tickets/one_touch_resolution.sql", chart: "values", tables: ["ticket_metrics"] },
    { file: "tickets/reopened.sql", chart: "values", tables: ["ticket_metrics"] },
  ],
  views: [{ file: "tickets/ticket_values.sql", tables: ["tickets", "ticket_metrics"] }],
  async prepare(warehouse) {
    // The time KPIs add business hours where the account has a schedule (Zendesk's business
    // minutes in ticket_metrics are counted by the schedule applied to each ticket).
    if (!(await warehouse.tableExists("schedules"))) {
      await warehouse.connection.run("CREATE TEMP TABLE schedules (id BIGINT)");
      return [
        "Business hours are not shown: the table schedules is not in this file (sync the schedules stream too; Zendesk counts business hours by the account's schedules).",
      ];
    }
    const [schedules] = await warehouse.rows("SELECT count(*) AS n FROM schedules");
    if (Number(schedules?.n) > 0) return undefined;
    return ["Business hours are not shown: the account has no schedule (the schedules table is empty)."];
  },
  periodSql: `SELECT min(created_at) AS first, max(created_at) AS last FROM tickets WHERE status IS DISTINCT FROM 'deleted'`,
  totalsSql: `SELECT 'tickets' AS label, count(*) AS value FROM tickets WHERE status IS DISTINCT FROM 'deleted'
UNION ALL SELECT 'handled by an agent', count(*) FROM tickets WHERE status IS DISTINCT FROM 'deleted' AND support_type = 'agent'
UNION ALL SELECT 'handled by an AI agent', count(*) FROM tickets WHERE status IS DISTINCT FROM 'deleted' AND support_type = 'ai_agent'
UNION ALL SELECT 'solved or closed', count(*) FROM tickets WHERE status IN ('solved', 'closed')`,
};
