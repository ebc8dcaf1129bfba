UPDATE users
SET password_hash = @PasswordHash, must_change_password = @MustChangePassword, security_stamp = @SecurityStamp,
    failed_attempts = 0, locked_until = NULL, updated_at = @Now
WHERE id = @Id
