SELECT COALESCE(MAX(seq), 0) FROM audit_events
WHERE action IN ('decision.pending', 'approval.approve', 'approval.deny', 'decision.approved', 'decision.rejected', 'decision.expired')
