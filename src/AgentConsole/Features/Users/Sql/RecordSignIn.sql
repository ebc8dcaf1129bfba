UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = @Now WHERE id = @Id
