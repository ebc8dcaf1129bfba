UPDATE assistant_secrets SET expires_at = @ValidUntil, replaced_by = @ReplacedBy
WHERE id = @Id AND assistant_id = @AssistantId AND revoked_at IS NULL AND expires_at > @Now
