SELECT id FROM decisions WHERE id = @Id FOR UPDATE
