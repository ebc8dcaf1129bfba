SELECT
    (SELECT COUNT(*) FROM users WHERE is_disabled = @False) AS ActiveUsers,
    (SELECT COUNT(*) FROM users WHERE is_disabled = @True) AS DisabledUsers,
    (SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL AND expires_at > @Now) AS ActiveTokens
