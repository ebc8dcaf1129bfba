INSERT INTO webhooks (name, url, format, secret, on_pending, on_escalation, enabled, created_by, created_at)
VALUES (@Name, @Url, @Format, @Secret, @OnPending, @OnEscalation, @Enabled, @CreatedBy, @CreatedAt)
RETURNING id
