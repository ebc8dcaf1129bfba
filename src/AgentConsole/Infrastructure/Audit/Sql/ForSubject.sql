SELECT seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, payload, prev_hash, hash
FROM audit_events
WHERE subject_type = @SubjectType AND subject_id = @SubjectId
ORDER BY seq DESC
LIMIT @Limit
