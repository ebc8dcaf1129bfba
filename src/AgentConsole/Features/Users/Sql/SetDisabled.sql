UPDATE users SET is_disabled = @IsDisabled, security_stamp = @SecurityStamp, updated_at = @Now WHERE id = @Id
