INSERT INTO assistant_environments (assistant_id, environment, granted_at) VALUES (@Id, @Environment, @Now)
