SELECT id FROM break_glass_grants WHERE id = ANY(@Ids) AND state = 'active' AND expires_at > @Now
