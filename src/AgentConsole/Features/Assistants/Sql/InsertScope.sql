INSERT INTO assistant_scopes (assistant_id, scope, granted_at) VALUES (@Id, @Scope, @Now)
