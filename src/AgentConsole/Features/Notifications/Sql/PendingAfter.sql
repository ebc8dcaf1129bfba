SELECT seq, action, subject_id FROM audit_events
WHERE action IN ('decision.pending', 'break-glass.requested', 'break-glass.started', 'break-glass.ended', 'break-glass.rejected',
                 'break-glass.lapsed', 'break-glass.expired')
  AND seq > @After
ORDER BY seq
LIMIT @Limit
