SELECT assistant_id, environment FROM assistant_environments WHERE assistant_id IN @Ids ORDER BY environment
