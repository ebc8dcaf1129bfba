SELECT t.id, CASE WHEN t.break_glass_id IS NULL OR (g.state = 'active' AND g.expires_at > @Now) THEN 1 ELSE 0 END AS grant_in_force
FROM tasks t
LEFT JOIN break_glass_grants g ON g.id = t.break_glass_id
WHERE t.id = ANY(@Ids) AND t.state = 'active' AND t.expires_at > @Now
