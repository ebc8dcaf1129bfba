SELECT seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, payload, prev_hash, hash
FROM audit_events
WHERE (@Before IS NULL OR seq < @Before) AND (@After IS NULL OR seq > @After)
ORDER BY seq DESC
LIMIT @Limit
