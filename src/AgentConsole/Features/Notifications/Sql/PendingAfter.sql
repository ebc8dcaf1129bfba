SELECT seq, subject_id AS decision_id FROM audit_events
WHERE action = 'decision.pending' AND seq > @After
ORDER BY seq
LIMIT @Limit
