UPDATE tasks SET state = 'revoked', ended_at = @Now, ended_reason = @Reason
WHERE break_glass_id = @Id AND state = 'active'
RETURNING id
