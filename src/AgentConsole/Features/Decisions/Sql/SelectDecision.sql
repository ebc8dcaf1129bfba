SELECT d.id, d.task_id, d.assistant_id, a.name AS assistant_name, t.on_behalf_of, d.action, d.resource, d.environment,
       d.plan_digest, d.prompt, d.tool_call, d.idempotency_key, d.state, d.rule, d.reason, d.matched, d.policy_version,
       d.approvals_required, d.approver_roles, d.approval_ttl_seconds, d.created_at, d.decided_at, d.decided_by,
       d.expires_at, d.receipt, d.result_status, d.result_at, d.result, t.expires_at AS task_expires_at,
       d.break_glass_id, g.expires_at AS break_glass_expires_at, g.ended_at AS break_glass_ended_at
FROM decisions d
JOIN tasks t ON t.id = d.task_id
JOIN assistants a ON a.id = d.assistant_id
LEFT JOIN break_glass_grants g ON g.id = d.break_glass_id
