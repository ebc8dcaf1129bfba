SELECT id FROM decisions
WHERE state IN ('pending', 'approved') AND expires_at <= @Now AND result_status IS NULL
ORDER BY expires_at LIMIT 500
