-- title: Chat duration
-- unit: s
-- definition: Average of chats.duration (seconds from the chat's start to its end) over chats (type 'chat') that have one; by week of the chat's start and by department.
WITH base AS (
  SELECT
    strftime(date_trunc('week', "timestamp"), '%Y-%m-%d') AS week,
    coalesce(department_name, '(no department)') AS department,
    CAST(duration AS DOUBLE) AS duration
  FROM chats
  WHERE "type" = 'chat' AND duration IS NOT NULL AND "timestamp" IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(duration) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'department', department, 'value', avg(duration), count(*) FROM base GROUP BY department
ORDER BY dimension, label
