SELECT id FROM break_glass_grants WHERE id IN @Ids AND state = 'active' AND expires_at > @Now
