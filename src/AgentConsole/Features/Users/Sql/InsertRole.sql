INSERT INTO user_roles (user_id, role) VALUES (@Id, @Role)
