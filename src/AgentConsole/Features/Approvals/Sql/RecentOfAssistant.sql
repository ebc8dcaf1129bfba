SELECT d.id, d.action, d.resource, d.environment, d.state, d.created_at, d.decided_by, d.result_status
FROM decisions d
WHERE d.assistant_id = @AssistantId AND d.id <> @Except
ORDER BY d.created_at DESC
LIMIT @Limit
