import type { Section } from "./kit.js";

/** Ticket satisfaction (CSAT) from satisfaction_ratings, by the rated ticket's channel. */
export const csatSection: Section = {
  id: "csat",
  title: "Ticket satisfaction (CSAT)",
  tables: ["satisfaction_ratings", "tickets"],
  howToSync: "sync with a support block in the config (streams satisfaction_ratings and tickets)",
  intro:
    "The satisfaction surveys Zendesk Support sends when a ticket is solved (satisfaction_ratings), joined to their tickets for the channel, by week the survey went out (UTC).",
  kpis: [
    { file: "csat/csat.sql", chart: "values" },
    { file: "csat/responses.sql", chart: "counts" },
  ],
  notes: [
    "A rating holds its ticket's latest score (a customer may rate again); the scores before it are in the ticket audits, not counted here.",
    "A week with a few ratings swings between 0 and 100 %: read each week with its n.",
  ],
  periodSql: `SELECT min(created_at) AS first, max(created_at) AS last FROM satisfaction_ratings`,
  totalsSql: `SELECT 'ratings' AS label, count(*) AS value FROM satisfaction_ratings
UNION ALL SELECT 'good', count(*) FILTER (WHERE score = 'good') FROM satisfaction_ratings
UNION ALL SELECT 'bad', count(*) FILTER (WHERE score = 'bad') FROM satisfaction_ratings
UNION ALL SELECT 'offered, not answered', count(*) FILTER (WHERE score = 'offered') FROM satisfaction_ratings`,
};
