SELECT a.id, a.name, a.display_name, a.description, a.owner_id, o.name AS owner_name, o.is_disabled AS owner_disabled,
       a.backup_owner_id, b.name AS backup_owner_name, a.team, a.risk_tier, a.status, a.labels, a.created_by,
       a.created_at, a.updated_at, a.last_activity_at, a.last_reviewed_at, a.last_reviewed_by, a.next_review_at,
       EXISTS (SELECT 1 FROM assistant_secrets s
               WHERE s.assistant_id = a.id AND s.revoked_at IS NULL AND s.expires_at > @Now AND s.created_at <= @LongLivedBefore)
           AS has_long_lived_secret,
       (SELECT COUNT(*) FROM assistant_changes c WHERE c.assistant_id = a.id AND c.state = 'pending') AS pending_changes
FROM assistants a
JOIN users o ON o.id = a.owner_id
LEFT JOIN users b ON b.id = a.backup_owner_id
