SELECT t.id, t.assistant_id, a.name AS assistant_name, a.risk_tier, a.labels, a.status AS assistant_status, t.token_hash,
       t.description, t.environment, t.scopes, t.on_behalf_of, t.parent_task_id, t.chain, t.authenticated_by, t.state,
       t.issued_at, t.expires_at, t.ended_at, t.ended_reason, t.break_glass_id
FROM tasks t
JOIN assistants a ON a.id = t.assistant_id
