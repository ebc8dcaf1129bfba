SELECT assistant_id, scope FROM assistant_scopes WHERE assistant_id IN @Ids ORDER BY scope
