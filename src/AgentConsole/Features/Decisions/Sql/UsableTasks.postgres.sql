SELECT id FROM tasks WHERE id = ANY(@Ids) AND state = 'active' AND expires_at > @Now
