SELECT seq, occurred_at, actor_kind, actor_id, action, payload
FROM audit_events
WHERE (subject_type = 'break-glass' AND subject_id = @Id)
   OR (subject_type = 'task' AND action = 'task.revoked' AND subject_id IN (SELECT id FROM tasks WHERE break_glass_id = @Id))
ORDER BY seq
