INSERT INTO assistants (name, display_name, description, owner_id, backup_owner_id, team, risk_tier, status, labels,
                        created_by, created_at, updated_at, next_review_at)
VALUES (@Name, @DisplayName, @Description, @OwnerId, @BackupOwnerId, @Team, @RiskTier, 'active', @Labels,
        @CreatedBy, @Now, @Now, @NextReviewAt)
RETURNING id
