DELETE FROM workload_identities WHERE id = @Id AND assistant_id = @AssistantId
