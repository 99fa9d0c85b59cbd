-- title: Open vs resolved chats
-- unit: chats
-- definition: Resolved: a live chat (type 'chat') that is not missed (chats.missed) and that at least one agent served (chats.agent_ids not empty). Open: every other chat — missed chats, chats no agent joined and offline messages (type 'offline_msg'), which still wait for an answer. Counted by week of the chat's start and by department.
WITH base AS (
  SELECT
    strftime(date_trunc('week', "timestamp"), '%Y-%m-%d') AS week,
    coalesce(department_name, '(no department)') AS department,
    CASE
      WHEN "type" = 'chat' AND NOT coalesce(missed, false) AND coalesce(json_array_length(agent_ids), 0) > 0
        THEN 'resolved'
      ELSE 'open'
    END AS status
  FROM chats
  WHERE "timestamp" IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, status AS series, CAST(count(*) AS DOUBLE) AS value, count(*) AS n
FROM base GROUP BY week, status
UNION ALL
SELECT 'department', department, status, CAST(count(*) AS DOUBLE), count(*) FROM base GROUP BY department, status
ORDER BY dimension, label, series
