UPDATE assistants
SET last_reviewed_at = @Now, last_reviewed_by = @ReviewedBy, next_review_at = @NextReviewAt, updated_at = @Now
WHERE id = @Id
