SELECT COUNT(*) FROM audit_events
