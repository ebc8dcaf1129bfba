SELECT d.id, d.webhook_id, w.name AS webhook_name, d.event, d.decision_id, d.grant_id, d.attempts, d.state, d.next_attempt_at,
       d.last_status_code, d.last_error, d.created_at, d.delivered_at
FROM webhook_deliveries d
JOIN webhooks w ON w.id = d.webhook_id
WHERE (CAST(@WebhookId AS BIGINT) IS NULL OR d.webhook_id = @WebhookId)
  AND (CAST(@State AS TEXT) IS NULL OR d.state = @State)
ORDER BY d.created_at DESC, d.id DESC
LIMIT @Limit
