UPDATE break_glass_grants SET state = 'active', approved_by = @By, approved_at = @Now, started_at = @Now
WHERE id = @Id AND state = 'pending'
