INSERT INTO webhook_deliveries (id, webhook_id, event, decision_id, grant_id, payload, attempts, state, next_attempt_at, created_at)
VALUES (@Id, @WebhookId, @Event, @DecisionId, @GrantId, @Payload, 0, 'queued', @NextAttemptAt, @CreatedAt)
