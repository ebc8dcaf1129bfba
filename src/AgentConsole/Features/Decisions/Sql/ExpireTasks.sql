UPDATE tasks SET state = 'expired', ended_at = expires_at, ended_reason = 'expired'
WHERE id IN (SELECT id FROM tasks WHERE state = 'active' AND expires_at <= @Now ORDER BY expires_at LIMIT 500)
RETURNING id, assistant_id
