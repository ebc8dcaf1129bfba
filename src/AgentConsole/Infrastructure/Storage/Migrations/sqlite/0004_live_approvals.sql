-- The approval queue's live events are the audit records of approval steps; their sequence numbers are the event
-- ids that pages resume from after a lost connection. A partial index keeps that catch-up query quick without
-- slowing the far more numerous other audit appends.
CREATE INDEX ix_audit_events_approval_steps ON audit_events (seq)
    WHERE action IN ('decision.pending', 'approval.approve', 'approval.deny', 'decision.approved', 'decision.rejected', 'decision.expired');
