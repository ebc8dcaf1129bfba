UPDATE api_tokens SET last_used_at = @Now WHERE id = @Id
