SELECT assistant_id, environment FROM assistant_environments WHERE assistant_id = ANY(@Ids) ORDER BY environment
