INSERT INTO assistant_secrets (assistant_id, prefix, secret_hash, created_by, created_at, expires_at)
VALUES (@AssistantId, @Prefix, @SecretHash, @CreatedBy, @CreatedAt, @ExpiresAt)
RETURNING id
