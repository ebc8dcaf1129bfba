SELECT user_id AS UserId, role AS Role FROM user_roles ORDER BY role
