SELECT a.name FROM workload_identities w JOIN assistants a ON a.id = w.assistant_id
WHERE w.issuer_id = @IssuerId AND w.subject = @Subject
