UPDATE assistants
SET display_name = @DisplayName, description = @Description, owner_id = @OwnerId, backup_owner_id = @BackupOwnerId,
    team = @Team, risk_tier = @RiskTier, labels = @Labels, next_review_at = @NextReviewAt, updated_at = @Now
WHERE id = @Id
