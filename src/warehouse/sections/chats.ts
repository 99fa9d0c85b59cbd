import type { Section } from "./kit.js";

/** Legacy Zendesk Chat: the chats table (agents optional, for names). */
export const chatsSection: Section = {
  id: "chats",
  title: "Chats (Zendesk Chat)",
  tables: ["chats"],
  howToSync: "sync the chats stream (and agents, for names)",
  intro: "Live chats and offline messages from Zendesk Chat, by week of the chat's start (chats.timestamp).",
  kpis: [
    { file: "chats/first_response_time.sql", chart: "values" },
    { file: "chats/wait_time.sql", chart: "values" },
    { file: "chats/satisfaction.sql", chart: "values" },
    { file: "chats/chat_duration.sql", chart: "values" },
    { file: "chats/open_resolved.sql", chart: "counts" },
    { file: "chats/chats_per_agent.sql", chart: "values" },
  ],
  async prepare(warehouse) {
    if (!(await warehouse.tableExists("agents"))) {
      // Agent names are optional: without the agents stream the report names agents by id.
      await warehouse.connection.run(
        "CREATE TEMP TABLE agents (id BIGINT, display_name VARCHAR, first_name VARCHAR, last_name VARCHAR)",
      );
    }
    return undefined;
  },
  periodSql: `SELECT min("timestamp") AS first, max("timestamp") AS last FROM chats`,
  totalsSql: `SELECT 'chats' AS label, count(*) AS value FROM chats
UNION ALL SELECT 'live chats', count(*) FILTER (WHERE "type" = 'chat') FROM chats
UNION ALL SELECT 'offline messages', count(*) FILTER (WHERE "type" = 'offline_msg') FROM chats`,
};
