SELECT g.id, g.assistant_id, a.name AS assistant_name, a.team, a.risk_tier, g.requested_by, g.requested_by_id,
       g.justification, g.incident, g.duration_seconds, g.scopes, g.environments, g.skip_approval_for, g.state,
       g.end_reason, g.policy_version, g.start_mode, g.renews_id, g.renewal_number, g.repeat_count, g.flagged,
       g.requested_at, g.expires_at, g.approved_by, g.approved_at, g.started_at, g.ended_at, g.ended_by,
       g.review_due_at, g.review_outcome, g.review_notes, g.reviewed_by, g.reviewed_at
FROM break_glass_grants g
JOIN assistants a ON a.id = g.assistant_id
