SELECT role FROM user_roles WHERE user_id = @Id ORDER BY role
