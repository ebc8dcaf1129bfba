UPDATE assistant_secrets SET revoked_at = @Now, revoked_reason = @Reason
WHERE assistant_id = @AssistantId AND revoked_at IS NULL AND expires_at > @Now
