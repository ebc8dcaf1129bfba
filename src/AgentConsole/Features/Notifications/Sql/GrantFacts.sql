SELECT g.id, a.name AS assistant, u.name AS owner, a.risk_tier AS tier, a.team, g.requested_by, g.incident, g.justification,
       g.scopes, g.environments, g.skip_approval_for, g.state, g.end_reason, g.start_mode, g.renewal_number, g.flagged,
       g.repeat_count, g.requested_at, g.expires_at, g.ended_at, g.ended_by, g.review_due_at
FROM break_glass_grants g
JOIN assistants a ON a.id = g.assistant_id
JOIN users u ON u.id = a.owner_id
WHERE g.id = @Id
