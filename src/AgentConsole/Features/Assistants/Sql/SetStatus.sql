UPDATE assistants SET status = @Status, updated_at = @Now WHERE id = @Id
