UPDATE decisions SET state = @State, decided_at = @Now, decided_by = @DecidedBy, reason = @Reason, expires_at = @ExpiresAt,
                     receipt = @Receipt
WHERE id = @Id AND state = @From
