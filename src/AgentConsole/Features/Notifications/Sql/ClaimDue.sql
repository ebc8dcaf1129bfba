UPDATE webhook_deliveries SET next_attempt_at = @LeaseUntil
WHERE id IN (
    SELECT id FROM webhook_deliveries
    WHERE state IN ('queued', 'failed') AND next_attempt_at <= @Now
    ORDER BY next_attempt_at LIMIT @Limit)
RETURNING id, webhook_id, event, decision_id, grant_id, payload, attempts, state, next_attempt_at, created_at
