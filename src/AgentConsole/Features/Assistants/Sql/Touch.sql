UPDATE assistant_secrets SET last_used_at = @Now WHERE id = @Id;
UPDATE assistants SET last_activity_at = @Now WHERE id = @AssistantId
