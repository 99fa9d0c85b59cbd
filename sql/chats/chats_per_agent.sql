-- title: Chats handled per agent
-- unit: chats
-- definition: A chat counts as handled by every agent in chats.agent_ids. Per agent: the number of chats handled. Per week: chats handled per active agent (agent–chat pairs divided by the agents who handled at least one chat that week).
WITH handled AS (
  SELECT c.id, u.agent_id, strftime(date_trunc('week', c."timestamp"), '%Y-%m-%d') AS week
  FROM chats c, unnest(CAST(c.agent_ids AS VARCHAR[])) AS u(agent_id)
  WHERE c."timestamp" IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series,
  CAST(count(*) AS DOUBLE) / count(DISTINCT agent_id) AS value, count(DISTINCT agent_id) AS n
FROM handled GROUP BY week
UNION ALL
SELECT 'agent', coalesce(a.display_name, trim(concat_ws(' ', a.first_name, a.last_name)), 'agent ' || h.agent_id),
  'value', CAST(count(*) AS DOUBLE), count(*)
FROM handled h LEFT JOIN agents a ON CAST(a.id AS VARCHAR) = h.agent_id
GROUP BY 2
ORDER BY dimension, label
