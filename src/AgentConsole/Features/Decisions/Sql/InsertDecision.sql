INSERT INTO decisions (id, task_id, assistant_id, action, resource, environment, plan_digest, prompt, tool_call, idempotency_key,
                       state, rule, reason, matched, policy_version, approvals_required, approver_roles, approval_ttl_seconds,
                       created_at, decided_at, decided_by, expires_at, receipt, break_glass_id)
VALUES (@Id, @TaskId, @AssistantId, @Action, @Resource, @Environment, @PlanDigest, @Prompt, @ToolCall, @IdempotencyKey,
        @State, @Rule, @Reason, @Matched, @PolicyVersion, @ApprovalsRequired, @ApproverRoles, @ApprovalTtlSeconds,
        @CreatedAt, @DecidedAt, @DecidedBy, @ExpiresAt, @Receipt, @BreakGlassId)
