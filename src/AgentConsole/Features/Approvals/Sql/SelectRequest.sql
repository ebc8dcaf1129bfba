SELECT d.id, d.task_id, a.id AS assistant_id, a.name AS assistant_name, a.display_name AS assistant_display_name,
       o.name AS owner_name, b.name AS backup_owner_name, a.team, a.risk_tier AS tier, t.on_behalf_of, t.description AS task_description, t.chain,
       d.action, d.resource, d.environment, d.plan_digest, d.prompt, d.tool_call, d.state, d.rule, d.reason, d.policy_version,
       d.approvals_required, d.approver_roles, d.created_at, d.expires_at, d.decided_at, d.decided_by, p.facts AS plan_facts_json
FROM decisions d
JOIN tasks t ON t.id = d.task_id
JOIN assistants a ON a.id = d.assistant_id
JOIN users o ON o.id = a.owner_id
LEFT JOIN users b ON b.id = a.backup_owner_id
LEFT JOIN plans p ON p.digest = d.plan_digest
