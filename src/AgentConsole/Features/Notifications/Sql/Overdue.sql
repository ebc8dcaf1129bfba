-- Pending decisions past their tier's service level (the cut-offs are now minus each tier's SLA), not yet escalated.
SELECT d.id FROM decisions d
JOIN assistants a ON a.id = d.assistant_id
LEFT JOIN decision_escalations e ON e.decision_id = d.id
WHERE d.state = 'pending' AND e.decision_id IS NULL
  AND d.created_at <= CASE a.risk_tier
        WHEN 'low' THEN @LowBefore WHEN 'medium' THEN @MediumBefore WHEN 'high' THEN @HighBefore
        WHEN 'critical' THEN @CriticalBefore ELSE @OtherBefore END
  AND (d.expires_at IS NULL OR d.expires_at > @Now)
ORDER BY d.created_at
LIMIT @Limit
