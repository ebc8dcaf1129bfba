SELECT d.id, a.name AS assistant, u.name AS owner, a.risk_tier AS tier, d.environment, d.action, d.resource,
       t.on_behalf_of, d.rule, d.reason, d.approvals_required, d.state, d.created_at, d.expires_at
FROM decisions d
JOIN tasks t ON t.id = d.task_id
JOIN assistants a ON a.id = d.assistant_id
JOIN users u ON u.id = a.owner_id
WHERE d.id = @Id
