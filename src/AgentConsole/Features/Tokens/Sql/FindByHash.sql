SELECT t.id AS Id, t.user_id AS UserId, t.expires_at AS ExpiresAt, t.revoked_at AS RevokedAt, t.last_used_at AS LastUsedAt
FROM api_tokens t
WHERE t.token_hash = @TokenHash
