SELECT
    COUNT(*) AS total,
    COALESCE(SUM(CASE WHEN a.status = 'active' THEN 1 ELSE 0 END), 0) AS active,
    COALESCE(SUM(CASE WHEN a.status = 'suspended' THEN 1 ELSE 0 END), 0) AS suspended,
    COALESCE(SUM(CASE WHEN a.status <> 'retired' AND a.next_review_at <= @Now THEN 1 ELSE 0 END), 0) AS overdue,
    COALESCE(SUM(CASE WHEN a.status = 'active' AND COALESCE(a.last_activity_at, a.created_at) <= @IdleBefore THEN 1 ELSE 0 END), 0) AS idle,
    COALESCE(SUM(CASE WHEN a.status <> 'retired' AND o.is_disabled = @True THEN 1 ELSE 0 END), 0) AS orphaned,
    COALESCE(SUM(CASE WHEN a.status <> 'retired' AND EXISTS (SELECT 1 FROM assistant_secrets s
        WHERE s.assistant_id = a.id AND s.revoked_at IS NULL AND s.expires_at > @Now AND s.created_at <= @LongLivedBefore)
        THEN 1 ELSE 0 END), 0) AS long_lived_secrets,
    (SELECT COUNT(*) FROM assistant_changes c WHERE c.state = 'pending') AS pending_changes
FROM assistants a
JOIN users o ON o.id = a.owner_id
