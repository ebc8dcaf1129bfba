UPDATE decisions SET state = 'expired', decided_at = @Now, decided_by = 'break-glass', reason = @Reason
WHERE state = 'pending'
  AND (break_glass_id = @Id OR task_id IN (SELECT id FROM tasks WHERE break_glass_id = @Id))
RETURNING id
