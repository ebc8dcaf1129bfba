INSERT INTO workload_identities (assistant_id, issuer_id, subject, created_by, created_at)
VALUES (@AssistantId, @IssuerId, @Subject, @CreatedBy, @CreatedAt)
RETURNING id
