SELECT name FROM users WHERE name = @Name AND is_disabled = 0
