SELECT name FROM users WHERE name = @Name AND NOT is_disabled
