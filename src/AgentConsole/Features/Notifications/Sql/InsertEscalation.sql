INSERT INTO decision_escalations (decision_id, escalated_at) VALUES (@DecisionId, @EscalatedAt)
ON CONFLICT (decision_id) DO NOTHING
