UPDATE break_glass_grants SET review_outcome = @Outcome, review_notes = @Notes, reviewed_by = @By, reviewed_at = @Now
WHERE id = @Id AND state = 'ended' AND started_at IS NOT NULL AND review_outcome IS NULL
