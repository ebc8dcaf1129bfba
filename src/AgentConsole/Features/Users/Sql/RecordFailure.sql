UPDATE users SET failed_attempts = @FailedAttempts, locked_until = @LockedUntil, updated_at = @Now WHERE id = @Id
