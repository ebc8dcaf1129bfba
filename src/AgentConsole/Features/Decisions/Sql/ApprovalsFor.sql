SELECT id, decision_id, user_id, user_name, verdict, comment, decided_at FROM approvals WHERE decision_id IN @Ids ORDER BY id
