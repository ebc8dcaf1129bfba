INSERT INTO users (name, display_name, password_hash, is_disabled, must_change_password, failed_attempts,
                   security_stamp, created_at, updated_at)
VALUES (@Name, @DisplayName, @PasswordHash, @IsDisabled, @MustChangePassword, 0, @SecurityStamp, @Now, @Now)
RETURNING id
