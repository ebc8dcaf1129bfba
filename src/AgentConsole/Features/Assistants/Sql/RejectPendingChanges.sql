UPDATE assistant_changes
SET state = 'rejected', decided_by = @DecidedBy, decided_at = @Now, decision_comment = @Comment
WHERE assistant_id = @AssistantId AND state = 'pending'
