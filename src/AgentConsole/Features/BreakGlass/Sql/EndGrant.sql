UPDATE break_glass_grants SET state = 'ended', end_reason = @Reason, ended_at = @EndedAt, ended_by = @By, review_due_at = @ReviewDueAt
WHERE id = @Id AND state = @From
