SELECT id, name, display_name, password_hash, is_disabled, must_change_password, failed_attempts,
       locked_until, security_stamp, created_at, last_sign_in_at
FROM users ORDER BY name
