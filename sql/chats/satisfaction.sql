-- title: Satisfaction
-- unit: %
-- definition: Share of chats rated 'good' among the chats rated 'good' or 'bad' (chats.rating), in percent; by week of the chat's start and by agent (each agent in chats.agent_ids is credited with the chat).
WITH rated AS (
  SELECT id, agent_ids, strftime(date_trunc('week', "timestamp"), '%Y-%m-%d') AS week, rating = 'good' AS good
  FROM chats
  WHERE rating IN ('good', 'bad') AND "timestamp" IS NOT NULL
),
by_agent AS (
  SELECT r.good, coalesce(a.display_name, trim(concat_ws(' ', a.first_name, a.last_name)), 'agent ' || u.agent_id) AS agent
  FROM rated r, unnest(CAST(r.agent_ids AS VARCHAR[])) AS u(agent_id)
  LEFT JOIN agents a ON CAST(a.id AS VARCHAR) = u.agent_id
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, 100.0 * avg(CAST(good AS INTEGER)) AS value, count(*) AS n
FROM rated GROUP BY week
UNION ALL
SELECT 'agent', agent, 'value', 100.0 * avg(CAST(good AS INTEGER)), count(*) FROM by_agent GROUP BY agent
ORDER BY dimension, label
