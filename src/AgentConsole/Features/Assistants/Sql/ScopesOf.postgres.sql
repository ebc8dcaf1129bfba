SELECT assistant_id, scope FROM assistant_scopes WHERE assistant_id = ANY(@Ids) ORDER BY scope
