UPDATE assistant_changes
SET state = @State, decided_by = @DecidedBy, decided_at = @Now, decision_comment = @Comment
WHERE id = @Id AND state = 'pending'
