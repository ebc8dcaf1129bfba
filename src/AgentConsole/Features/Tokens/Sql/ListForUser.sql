SELECT id, user_id, name, token_prefix, created_by, created_at, expires_at, revoked_at, last_used_at
FROM api_tokens WHERE user_id = @UserId ORDER BY created_at DESC, id DESC
