-- title: First response time
-- unit: s
-- definition: Average of chats.response_time.first (seconds until the first agent reply, as Zendesk computes it), over chats (type 'chat') that have one; by week of the chat's start (chats.timestamp, UTC) and by department.
WITH base AS (
  SELECT
    strftime(date_trunc('week', "timestamp"), '%Y-%m-%d') AS week,
    coalesce(department_name, '(no department)') AS department,
    CAST(json_extract_string(response_time, '$.first') AS DOUBLE) AS first_response
  FROM chats
  WHERE "type" = 'chat' AND "timestamp" IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(first_response) AS value, count(*) AS n
FROM base WHERE first_response IS NOT NULL GROUP BY week
UNION ALL
SELECT 'department', department, 'value', avg(first_response), count(*)
FROM base WHERE first_response IS NOT NULL GROUP BY department
ORDER BY dimension, label
