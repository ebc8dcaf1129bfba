SELECT w.id, w.assistant_id, w.issuer_id, i.name AS issuer_name, i.issuer, w.subject, w.created_by, w.created_at
FROM workload_identities w
JOIN trusted_issuers i ON i.id = w.issuer_id
WHERE w.assistant_id = @AssistantId
ORDER BY w.id
