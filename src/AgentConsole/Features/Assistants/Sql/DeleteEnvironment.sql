DELETE FROM assistant_environments WHERE assistant_id = @Id AND environment = @Environment
