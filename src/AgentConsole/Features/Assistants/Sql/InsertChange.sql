INSERT INTO assistant_changes (assistant_id, state, risk_tier, add_scopes, add_environments, reason, requested_by, requested_at)
VALUES (@AssistantId, 'pending', @RiskTier, @AddScopes, @AddEnvironments, @Reason, @RequestedBy, @Now)
RETURNING id
