-- title: Average wait time
-- unit: s
-- definition: Seconds from the chat's start (chats.timestamp) to the first message an agent wrote (the earliest chats.history event of type 'chat.msg' whose nick starts with 'agent:'), averaged over chats with such a message; chats no agent answered are left out (see Open vs resolved).
WITH first_agent_message AS (
  SELECT c.id, min(CAST(json_extract_string(h.event, '$.timestamp') AS TIMESTAMPTZ)) AS answered_at
  FROM chats c, unnest(CAST(c.history AS JSON[])) AS h(event)
  WHERE json_extract_string(h.event, '$.type') = 'chat.msg'
    AND starts_with(json_extract_string(h.event, '$.nick'), 'agent:')
  GROUP BY c.id
),
base AS (
  SELECT
    strftime(date_trunc('week', c."timestamp"), '%Y-%m-%d') AS week,
    coalesce(c.department_name, '(no department)') AS department,
    epoch(f.answered_at) - epoch(c."timestamp") AS wait
  FROM chats c JOIN first_agent_message f ON f.id = c.id
  WHERE c."timestamp" IS NOT NULL
)
SELECT 'week' AS dimension, week AS label, 'value' AS series, avg(wait) AS value, count(*) AS n
FROM base GROUP BY week
UNION ALL
SELECT 'department', department, 'value', avg(wait), count(*) FROM base GROUP BY department
ORDER BY dimension, label
