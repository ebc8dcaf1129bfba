SELECT c.id, c.assistant_id, a.name AS assistant_name, c.state, c.risk_tier, c.add_scopes, c.add_environments, c.reason,
       c.requested_by, c.requested_at, c.decided_by, c.decided_at, c.decision_comment
FROM assistant_changes c
JOIN assistants a ON a.id = c.assistant_id
WHERE c.id = @Id AND c.assistant_id = @AssistantId
