SELECT id, name, url, format, on_pending, on_escalation, enabled, created_by, created_at FROM webhooks ORDER BY name
