SELECT id FROM break_glass_grants
WHERE state IN ('active', 'pending') AND expires_at <= @Now
ORDER BY expires_at
LIMIT 500
