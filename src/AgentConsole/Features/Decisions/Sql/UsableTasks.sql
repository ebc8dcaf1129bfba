SELECT id FROM tasks WHERE id IN @Ids AND state = 'active' AND expires_at > @Now
