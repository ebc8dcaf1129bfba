-- The webhook outbox reads the audit records that may need a notice after its cursor. Without an index on just
-- those records it walked every audit record after the last one that mattered (every allowed decision, with its
-- payload) on each pass, so a pass took longer the more decisions were made; on SQLite it did so holding the write
-- lock the decision writer needs. The list must stay word for word the one in Features/Notifications/Sql/PendingAfter.sql:
-- the planner uses a partial index only when the query's condition is the index's own.
CREATE INDEX ix_audit_events_webhook_events ON audit_events (seq)
    WHERE action IN ('decision.pending', 'break-glass.requested', 'break-glass.started', 'break-glass.ended', 'break-glass.rejected',
                     'break-glass.lapsed', 'break-glass.expired');
