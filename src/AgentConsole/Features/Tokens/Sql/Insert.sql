INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, created_by, created_at, expires_at)
VALUES (@UserId, @Name, @TokenPrefix, @TokenHash, @CreatedBy, @CreatedAt, @ExpiresAt)
RETURNING id
