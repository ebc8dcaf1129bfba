INSERT INTO approvals (decision_id, user_id, user_name, verdict, comment, decided_at)
VALUES (@DecisionId, @UserId, @UserName, @Verdict, @Comment, @DecidedAt)
