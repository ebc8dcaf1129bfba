DELETE FROM assistant_scopes WHERE assistant_id = @Id AND scope = @Scope
