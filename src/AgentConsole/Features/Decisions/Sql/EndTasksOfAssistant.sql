UPDATE tasks SET state = 'revoked', ended_at = @Now, ended_reason = @Reason
WHERE assistant_id = @AssistantId AND state = 'active'
RETURNING id
