SELECT d.id, d.task_id, d.assistant_id, a.name AS assistant_name, t.on_behalf_of, d.action, d.resource, d.environment,
       d.plan_digest, d.prompt, d.tool_call, d.idempotency_key, d.state, d.rule, d.reason, d.matched, d.policy_version,
       d.approvals_required, d.approver_roles, d.approval_ttl_seconds, d.created_at, d.decided_at, d.decided_by,
       d.expires_at, d.receipt, d.result_status, d.result_at, d.result, d.break_glass_id, t.expires_at AS task_expires_at
FROM decisions d
JOIN tasks t ON t.id = d.task_id
JOIN assistants a ON a.id = d.assistant_id
WHERE d.break_glass_id = @Id OR t.break_glass_id = @Id
ORDER BY d.created_at
