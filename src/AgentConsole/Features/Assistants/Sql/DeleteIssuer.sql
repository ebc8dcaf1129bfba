DELETE FROM trusted_issuers
WHERE name = @Name AND NOT EXISTS (SELECT 1 FROM workload_identities w WHERE w.issuer_id = trusted_issuers.id)
