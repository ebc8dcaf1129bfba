UPDATE webhook_deliveries
SET attempts = attempts + 1, state = @State, next_attempt_at = @NextAttemptAt, last_status_code = @StatusCode,
    last_error = @Error, delivered_at = @DeliveredAt
WHERE id = @Id AND state IN ('queued', 'failed')
