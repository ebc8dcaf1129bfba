INSERT INTO break_glass_grants (id, assistant_id, requested_by, requested_by_id, justification, incident, duration_seconds, scopes,
                                environments, skip_approval_for, state, policy_version, start_mode, renews_id, renewal_number,
                                repeat_count, flagged, requested_at, expires_at, started_at)
VALUES (@Id, @AssistantId, @RequestedBy, @RequestedById, @Justification, @Incident, @DurationSeconds, @Scopes,
        @Environments, @SkipApprovalFor, @State, @PolicyVersion, @StartMode, @RenewsId, @RenewalNumber,
        @RepeatCount, @Flagged, @RequestedAt, @ExpiresAt, @StartedAt)
