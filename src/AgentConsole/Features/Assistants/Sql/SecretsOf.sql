SELECT id, assistant_id, prefix, created_by, created_at, expires_at, revoked_at, revoked_reason, replaced_by, last_used_at
FROM assistant_secrets
WHERE assistant_id = @AssistantId
ORDER BY id DESC
