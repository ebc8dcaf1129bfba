-- The live events of the approval queue: audit records of approval steps after a sequence number (see 0004's index).
SELECT e.seq AS id, e.action, e.subject_id AS decision_id, e.actor_id AS actor, e.occurred_at AS at,
       o.name AS owner_name, b.name AS backup_owner_name
FROM audit_events e
LEFT JOIN decisions d ON d.id = e.subject_id
LEFT JOIN assistants a ON a.id = d.assistant_id
LEFT JOIN users o ON o.id = a.owner_id
LEFT JOIN users b ON b.id = a.backup_owner_id
WHERE e.seq > @After
  AND e.action IN ('decision.pending', 'approval.approve', 'approval.deny', 'decision.approved', 'decision.rejected', 'decision.expired')
ORDER BY e.seq
LIMIT @Limit
